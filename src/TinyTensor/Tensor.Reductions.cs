using System.Numerics;
using System.Numerics.Tensors;
using TinyTensor.Internal;
using TinyTensor.Kernels;
using TinyTensor.Kernels.Reductions;

namespace TinyTensor;

/// <remarks>
/// Reductions follow NumPy: an axis may be negative (counted from the end); <c>keepDims</c> keeps the reduced axis with
/// length 1. A tensor has rank ≥ 1, so reducing a 1-D tensor along its axis gives shape (1,) where NumPy gives a 0-d
/// array; the whole-array forms return a <see cref="double"/> (a float32 tensor's float32 result, widened exactly).
/// Results along an axis keep the tensor's element type. Everything is computed in the element type, as NumPy does for
/// float64 and float32 arrays, so <c>Sum</c>, <c>Mean</c>, <c>Var</c> and <c>Std</c> equal NumPy bit for bit in both
/// types: a whole-array sum adds the pairwise sums of consecutive 8192-element chunks, a sum along the innermost axis
/// is one such sum per row, and a sum along any other axis adds the slices one after another (see
/// <see cref="AxisSum"/>); a mean divides that sum by the count (see <see cref="CountDivision"/>). <c>Var</c>/<c>Std</c>
/// are NumPy's <c>_var</c>: mean with kept dims, squared deviations, their sum in the same order, divided by
/// n − ddof.
/// </remarks>
public sealed partial class Tensor
{
    /// <summary>The sum of all elements (<c>np.sum(a)</c>, in the element type; 0.0 for an empty tensor).</summary>
    public double Sum() => _dtype switch
    {
        DType.Float32 => SumAll<float>(),
        _ => SumAll<double>(),
    };

    /// <summary>The sum along <paramref name="axis"/>.</summary>
    public Tensor Sum(int axis, bool keepDims = false) => _dtype switch
    {
        DType.Float32 => SumAlong<float>(axis, keepDims, divide: false, nameof(Sum)),
        _ => SumAlong<double>(axis, keepDims, divide: false, nameof(Sum)),
    };

    /// <summary>The mean of all elements: <see cref="Sum()"/> / <see cref="Length"/>, rounded to the element type
    /// (<c>np.mean(a)</c>; NaN for an empty tensor).</summary>
    public double Mean() => _dtype switch
    {
        DType.Float32 => MeanAll<float>(),
        _ => MeanAll<double>(),
    };

    /// <summary>The mean along <paramref name="axis"/>: the sum along it divided by its length.</summary>
    public Tensor Mean(int axis, bool keepDims = false) => _dtype switch
    {
        DType.Float32 => SumAlong<float>(axis, keepDims, divide: true, nameof(Mean)),
        _ => SumAlong<double>(axis, keepDims, divide: true, nameof(Mean)),
    };

    /// <summary>The largest element; NaN if any element is NaN (<c>np.max</c>; −0 counts below +0, where NumPy's sign of a
    /// zero maximum of ±0 depends on its SIMD loop).</summary>
    /// <exception cref="InvalidOperationException">The tensor is empty.</exception>
    public double Max()
    {
        RequireElements(nameof(Max));
        return _dtype == DType.Float32 ? TensorPrimitives.Max(AsReadOnlySpan<float>()) : TensorPrimitives.Max(AsReadOnlySpan<double>());
    }

    /// <summary>The smallest element; NaN if any element is NaN (<c>np.min</c>).</summary>
    /// <exception cref="InvalidOperationException">The tensor is empty.</exception>
    public double Min()
    {
        RequireElements(nameof(Min));
        return _dtype == DType.Float32 ? TensorPrimitives.Min(AsReadOnlySpan<float>()) : TensorPrimitives.Min(AsReadOnlySpan<double>());
    }

    /// <summary>The maximum along <paramref name="axis"/>; NaN where a NaN is reduced.</summary>
    /// <exception cref="InvalidOperationException">The axis has length 0.</exception>
    public Tensor Max(int axis, bool keepDims = false) => _dtype switch
    {
        DType.Float32 => ExtremumAlong<float>(axis, keepDims, max: true, nameof(Max)),
        _ => ExtremumAlong<double>(axis, keepDims, max: true, nameof(Max)),
    };

    /// <summary>The minimum along <paramref name="axis"/>; NaN where a NaN is reduced.</summary>
    /// <exception cref="InvalidOperationException">The axis has length 0.</exception>
    public Tensor Min(int axis, bool keepDims = false) => _dtype switch
    {
        DType.Float32 => ExtremumAlong<float>(axis, keepDims, max: false, nameof(Min)),
        _ => ExtremumAlong<double>(axis, keepDims, max: false, nameof(Min)),
    };

    /// <summary>The flat (row-major) index of the largest element: the first on ties, the first NaN if any
    /// (<c>np.argmax(a)</c>).</summary>
    /// <exception cref="InvalidOperationException">The tensor is empty.</exception>
    public int ArgMax()
    {
        RequireElements(nameof(ArgMax));
        return ArgExtremumAll(max: true);
    }

    /// <summary>The flat index of the smallest element: the first on ties, the first NaN if any (<c>np.argmin(a)</c>).</summary>
    /// <exception cref="InvalidOperationException">The tensor is empty.</exception>
    public int ArgMin()
    {
        RequireElements(nameof(ArgMin));
        return ArgExtremumAll(max: false);
    }

    /// <summary>The index of the largest element along <paramref name="axis"/>, for every position of the other axes
    /// in row-major order (<c>np.argmax(a, axis).ravel()</c>): first on ties, first NaN if any.</summary>
    /// <exception cref="InvalidOperationException">The axis has length 0.</exception>
    public int[] ArgMax(int axis) => ArgExtremumAlong(axis, max: true, nameof(ArgMax));

    /// <summary>The index of the smallest element along <paramref name="axis"/> (<c>np.argmin(a, axis).ravel()</c>).</summary>
    /// <exception cref="InvalidOperationException">The axis has length 0.</exception>
    public int[] ArgMin(int axis) => ArgExtremumAlong(axis, max: false, nameof(ArgMin));

    /// <summary>The variance of all elements with ddof 0 (<c>np.var(a)</c>, in the element type).</summary>
    public double Var() => _dtype switch
    {
        DType.Float32 => double.CreateTruncating(VarAll<float>()),
        _ => VarAll<double>(),
    };

    /// <summary>The standard deviation of all elements with ddof 0 (<c>np.std(a)</c>): √<see cref="Var()"/>, rounded to
    /// the element type.</summary>
    public double Std() => _dtype switch
    {
        DType.Float32 => double.CreateTruncating(float.Sqrt(VarAll<float>())),
        _ => Math.Sqrt(VarAll<double>()),
    };

    /// <summary>The variance along <paramref name="axis"/>: Σ(x − mean)² / max(n − <paramref name="ddof"/>, 0)
    /// (<c>np.var(a, axis, ddof=ddof)</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ddof"/> is negative.</exception>
    public Tensor Var(int axis, int ddof = 0, bool keepDims = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ddof);
        return _dtype switch
        {
            DType.Float32 => VarAlong<float>(axis, ddof, keepDims, nameof(Var)),
            _ => VarAlong<double>(axis, ddof, keepDims, nameof(Var)),
        };
    }

    /// <summary>The standard deviation along <paramref name="axis"/>: √ of <see cref="Var(int, int, bool)"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ddof"/> is negative.</exception>
    public Tensor Std(int axis, int ddof = 0, bool keepDims = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ddof);
        return _dtype switch
        {
            DType.Float32 => StdAlong<float>(axis, ddof, keepDims),
            _ => StdAlong<double>(axis, ddof, keepDims),
        };
    }

    private double SumAll<T>()
        where T : unmanaged, IFloatingPointIeee754<T> => double.CreateTruncating(PairwiseSum.ChunkedSum(AsReadOnlySpan<T>()));

    private double MeanAll<T>()
        where T : unmanaged, IFloatingPointIeee754<T> =>
        double.CreateTruncating(CountDivision.Divide(PairwiseSum.ChunkedSum(AsReadOnlySpan<T>()), _length));

    private T VarAll<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<T> x = AsReadOnlySpan<T>();
        T mean = CountDivision.Divide(PairwiseSum.ChunkedSum(x), _length);
        T[] squares = new T[_length];
        SquaredDeviations.Compute(x, 1, _length, 1, [mean], squares);
        return CountDivision.Divide(PairwiseSum.ChunkedSum<T>(squares), _length);
    }

    private Tensor SumAlong<T>(int axis, bool keepDims, bool divide, string operation)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        (Tensor result, int outer, int n, int inner) = ReductionOutput(axis, keepDims, operation);
        Span<T> sums = result.AsSpan<T>();
        AxisSum.Compute(AsReadOnlySpan<T>(), outer, n, inner, sums);
        if (divide)
        {
            CountDivision.DivideInPlace(sums, n);
        }

        return result;
    }

    private Tensor VarAlong<T>(int axis, int ddof, bool keepDims, string operation)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        (Tensor result, int outer, int n, int inner) = ReductionOutput(axis, keepDims, operation);
        ReadOnlySpan<T> x = AsReadOnlySpan<T>();
        T[] mean = new T[outer * inner];
        AxisSum.Compute(x, outer, n, inner, mean);
        CountDivision.DivideInPlace<T>(mean, n);
        T[] squares = new T[_length];
        SquaredDeviations.Compute<T>(x, outer, n, inner, mean, squares);
        Span<T> variance = result.AsSpan<T>();
        AxisSum.Compute<T>(squares, outer, n, inner, variance);
        CountDivision.DivideInPlace(variance, Math.Max(n - ddof, 0));
        return result;
    }

    private Tensor StdAlong<T>(int axis, int ddof, bool keepDims)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Tensor result = VarAlong<T>(axis, ddof, keepDims, nameof(Std));
        TensorPrimitives.Sqrt(result.AsReadOnlySpan<T>(), result.AsSpan<T>());
        return result;
    }

    private Tensor ExtremumAlong<T>(int axis, bool keepDims, bool max, string operation)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        (Tensor result, int outer, int n, int inner) = ReductionOutput(axis, keepDims, operation);
        RequireAxisElements(axis, n, operation);
        AxisExtremum.Compute(AsReadOnlySpan<T>(), outer, n, inner, max, result.AsSpan<T>());
        return result;
    }

    private int ArgExtremumAll(bool max) => _dtype == DType.Float32
        ? ArgExtremum.OfRow(AsReadOnlySpan<float>(), max)
        : ArgExtremum.OfRow(AsReadOnlySpan<double>(), max);

    private int[] ArgExtremumAlong(int axis, bool max, string operation)
    {
        (int outer, int n, int inner) = SplitAround(NormalizeAxis(axis, operation));
        RequireAxisElements(axis, n, operation);
        int[] indices = new int[outer * inner];
        if (_dtype == DType.Float32)
        {
            ArgExtremum.Compute(AsReadOnlySpan<float>(), outer, n, inner, max, indices);
        }
        else
        {
            ArgExtremum.Compute(AsReadOnlySpan<double>(), outer, n, inner, max, indices);
        }

        return indices;
    }

    /// <summary>The result tensor of a reduction along <paramref name="axis"/> (in this tensor's element type) and the
    /// (outer, n, inner) split of this tensor around it. Trailing axes of length 1 count as absent, so a reduction over
    /// (…, n, 1) is a reduction over a contiguous run, as NumPy's iterator makes it.</summary>
    private (Tensor Result, int Outer, int N, int Inner) ReductionOutput(int axis, bool keepDims, string operation)
    {
        int a = NormalizeAxis(axis, operation);
        (int outer, int n, int inner) = SplitAround(a);
        int[] shape = keepDims
            ? [.. _shape[..a], 1, .. _shape[(a + 1)..]]
            : _shape.Length == 1 ? [1] : [.. _shape[..a], .. _shape[(a + 1)..]];
        return (new Tensor(_dtype, shape), outer, n, inner);
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
