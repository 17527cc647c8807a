using System.Numerics.Tensors;
using TinyTensor.Internal;
using TinyTensor.Kernels;
using TinyTensor.Kernels.Elementwise;
using TinyTensor.Kernels.Reductions;

namespace TinyTensor;

/// <remarks>
/// Reductions follow NumPy: an axis may be negative (counted from the end); <c>keepDims</c> keeps the reduced axis with
/// length 1. A tensor has rank ≥ 1, so reducing a 1-D tensor along its axis gives shape (1,) where NumPy gives a 0-d
/// array; the whole-array forms return a <see cref="double"/>. <c>Sum</c> and <c>Mean</c> add in NumPy's order, so they equal NumPy bit for bit: a whole-array sum adds
/// the pairwise sums of consecutive 8192-element chunks, a sum along the innermost axis is one such sum per row, and
/// a sum along any other axis adds the slices one after another (see <see cref="AxisSum"/>). <c>Var</c>/<c>Std</c> are
/// NumPy's <c>_var</c>: mean with kept dims, squared deviations, their sum in the same order, divided by n − ddof.
/// </remarks>
public sealed partial class Tensor
{
    /// <summary>The sum of all elements (<c>np.sum(a)</c>; 0.0 for an empty tensor).</summary>
    public double Sum() => PairwiseSum.ChunkedSum(AsReadOnlySpan());

    /// <summary>The sum along <paramref name="axis"/>.</summary>
    public Tensor Sum(int axis, bool keepDims = false)
    {
        (Tensor result, int outer, int n, int inner) = ReductionOutput(axis, keepDims, nameof(Sum));
        AxisSum.Compute(AsReadOnlySpan(), outer, n, inner, result.AsSpan());
        return result;
    }

    /// <summary>The mean of all elements: <see cref="Sum()"/> / <see cref="Length"/> (NaN for an empty tensor).</summary>
    public double Mean() => Sum() / _length;

    /// <summary>The mean along <paramref name="axis"/>: the sum along it divided by its length.</summary>
    public Tensor Mean(int axis, bool keepDims = false)
    {
        Tensor sum = Sum(axis, keepDims);
        int n = _shape[NormalizeAxis(axis, nameof(Mean))];
        BinaryKernel.Run<DivideOperator>(sum.AsReadOnlySpan(), n, sum.AsSpan());
        return sum;
    }

    /// <summary>The largest element; NaN if any element is NaN (<c>np.max</c>; −0 counts below +0, where NumPy's sign of a
    /// zero maximum of ±0 depends on its SIMD loop).</summary>
    /// <exception cref="InvalidOperationException">The tensor is empty.</exception>
    public double Max()
    {
        RequireElements(nameof(Max));
        return TensorPrimitives.Max(AsReadOnlySpan());
    }

    /// <summary>The smallest element; NaN if any element is NaN (<c>np.min</c>).</summary>
    /// <exception cref="InvalidOperationException">The tensor is empty.</exception>
    public double Min()
    {
        RequireElements(nameof(Min));
        return TensorPrimitives.Min(AsReadOnlySpan());
    }

    /// <summary>The maximum along <paramref name="axis"/>; NaN where a NaN is reduced.</summary>
    /// <exception cref="InvalidOperationException">The axis has length 0.</exception>
    public Tensor Max(int axis, bool keepDims = false) => Extremum<MaximumOperator>(axis, keepDims, nameof(Max));

    /// <summary>The minimum along <paramref name="axis"/>; NaN where a NaN is reduced.</summary>
    /// <exception cref="InvalidOperationException">The axis has length 0.</exception>
    public Tensor Min(int axis, bool keepDims = false) => Extremum<MinimumOperator>(axis, keepDims, nameof(Min));

    /// <summary>The flat (row-major) index of the largest element: the first on ties, the first NaN if any
    /// (<c>np.argmax(a)</c>).</summary>
    /// <exception cref="InvalidOperationException">The tensor is empty.</exception>
    public int ArgMax()
    {
        RequireElements(nameof(ArgMax));
        return ArgExtremum.OfRow(AsReadOnlySpan(), max: true);
    }

    /// <summary>The flat index of the smallest element: the first on ties, the first NaN if any (<c>np.argmin(a)</c>).</summary>
    /// <exception cref="InvalidOperationException">The tensor is empty.</exception>
    public int ArgMin()
    {
        RequireElements(nameof(ArgMin));
        return ArgExtremum.OfRow(AsReadOnlySpan(), max: false);
    }

    /// <summary>The index of the largest element along <paramref name="axis"/>, for every position of the other axes
    /// in row-major order (<c>np.argmax(a, axis).ravel()</c>): first on ties, first NaN if any.</summary>
    /// <exception cref="InvalidOperationException">The axis has length 0.</exception>
    public int[] ArgMax(int axis) => ArgExtremumAlong(axis, max: true, nameof(ArgMax));

    /// <summary>The index of the smallest element along <paramref name="axis"/> (<c>np.argmin(a, axis).ravel()</c>).</summary>
    /// <exception cref="InvalidOperationException">The axis has length 0.</exception>
    public int[] ArgMin(int axis) => ArgExtremumAlong(axis, max: false, nameof(ArgMin));

    /// <summary>The variance of all elements with ddof 0 (<c>np.var(a)</c>).</summary>
    public double Var()
    {
        double mean = Sum() / _length;
        Tensor deviations = Scalar<SubtractOperator>(this, mean);
        BinaryKernel.Run<MultiplyOperator>(deviations.AsReadOnlySpan(), deviations.AsReadOnlySpan(), deviations.AsSpan());
        return deviations.Sum() / _length;
    }

    /// <summary>The standard deviation of all elements with ddof 0 (<c>np.std(a)</c>): √<see cref="Var()"/>.</summary>
    public double Std() => Math.Sqrt(Var());

    /// <summary>The variance along <paramref name="axis"/>: Σ(x − mean)² / max(n − <paramref name="ddof"/>, 0)
    /// (<c>np.var(a, axis, ddof=ddof)</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ddof"/> is negative.</exception>
    public Tensor Var(int axis, int ddof = 0, bool keepDims = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ddof);
        int n = _shape[NormalizeAxis(axis, nameof(Var))];
        Tensor mean = Mean(axis, keepDims: true);
        Tensor deviations = Binary<SubtractOperator>(this, mean, nameof(Var));
        BinaryKernel.Run<MultiplyOperator>(deviations.AsReadOnlySpan(), deviations.AsReadOnlySpan(), deviations.AsSpan());
        Tensor result = deviations.Sum(axis, keepDims);
        BinaryKernel.Run<DivideOperator>(result.AsReadOnlySpan(), Math.Max(n - ddof, 0), result.AsSpan());
        return result;
    }

    /// <summary>The standard deviation along <paramref name="axis"/>: √ of <see cref="Var(int, int, bool)"/>.</summary>
    public Tensor Std(int axis, int ddof = 0, bool keepDims = false)
    {
        Tensor result = Var(axis, ddof, keepDims);
        TensorPrimitives.Sqrt(result.AsReadOnlySpan(), result.AsSpan());
        return result;
    }

    private Tensor Extremum<TOp>(int axis, bool keepDims, string operation)
        where TOp : IBinaryOperator
    {
        (Tensor result, int outer, int n, int inner) = ReductionOutput(axis, keepDims, operation);
        RequireAxisElements(axis, n, operation);
        AxisExtremum.Compute<TOp>(AsReadOnlySpan(), outer, n, inner, result.AsSpan());
        return result;
    }

    private int[] ArgExtremumAlong(int axis, bool max, string operation)
    {
        (int outer, int n, int inner) = SplitAround(NormalizeAxis(axis, operation));
        RequireAxisElements(axis, n, operation);
        int[] indices = new int[outer * inner];
        ArgExtremum.Compute(AsReadOnlySpan(), outer, n, inner, max, indices);
        return indices;
    }

    /// <summary>The result tensor of a reduction along <paramref name="axis"/> and the (outer, n, inner) split of
    /// this tensor around it. Trailing axes of length 1 count as absent, so a reduction over (…, n, 1) is a reduction
    /// over a contiguous run, as NumPy's iterator makes it.</summary>
    private (Tensor Result, int Outer, int N, int Inner) ReductionOutput(int axis, bool keepDims, string operation)
    {
        int a = NormalizeAxis(axis, operation);
        (int outer, int n, int inner) = SplitAround(a);
        int[] shape = keepDims
            ? [.. _shape[..a], 1, .. _shape[(a + 1)..]]
            : _shape.Length == 1 ? [1] : [.. _shape[..a], .. _shape[(a + 1)..]];
        return (new Tensor(shape), outer, n, inner);
    }

    private (int Outer, int N, int Inner) SplitAround(int axis) =>
        (Product(_shape.AsSpan(0, axis)), _shape[axis], Product(_shape.AsSpan(axis + 1)));

    private void RequireElements(string operation)
    {
        if (_length == 0)
        {
            ThrowHelper.InvalidOperation($"{operation}: the tensor of shape {ShapeText} is empty; the reduction has no identity.");
        }
    }

    private void RequireAxisElements(int axis, int n, string operation)
    {
        if (n == 0)
        {
            ThrowHelper.InvalidOperation($"{operation}: axis {axis} of shape {ShapeText} has length 0; the reduction has no identity.");
        }
    }
}
