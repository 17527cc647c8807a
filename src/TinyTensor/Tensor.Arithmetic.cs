using System.Numerics.Tensors;
using TinyTensor.Internal;
using TinyTensor.Kernels.Elementwise;

namespace TinyTensor;

/// <remarks>
/// Elementwise binary ops broadcast as NumPy does: shapes are aligned on their trailing dimensions and a dimension of
/// 1 stretches to match; any other mismatch throws an <see cref="ArgumentException"/> naming the op and both shapes.
/// Each op has a form that returns a new tensor and one that writes a destination of the broadcast shape and
/// allocates nothing; the destination may be one of the inputs (NumPy's <c>out=</c>), and if it overlaps an input in
/// any other way that input is copied first. + − × ÷ are correctly rounded, so the results equal NumPy's bit for bit.
/// <para>Both element types: the result has the operands' type, and operands (or a destination) of different types
/// throw an <see cref="ArgumentException"/> naming both (no promotion). A <see cref="double"/> scalar with a float32
/// tensor is rounded to float32 first, as NumPy does for <c>float32_array + 0.1</c>; so a scalar beyond float32's range
/// becomes ±∞ (NumPy ≥ 2's rule; NumPy 1.24 would promote the result to float64).</para>
/// </remarks>
public sealed partial class Tensor
{
    /// <summary>a + b, broadcast.</summary>
    public static Tensor Add(Tensor a, Tensor b) => Binary<AddOperator>(a, b, nameof(Add));

    /// <summary>destination = a + b, broadcast; no allocation.</summary>
    public static void Add(Tensor a, Tensor b, Tensor destination) => Binary<AddOperator>(a, b, destination, nameof(Add));

    /// <summary>a − b, broadcast.</summary>
    public static Tensor Subtract(Tensor a, Tensor b) => Binary<SubtractOperator>(a, b, nameof(Subtract));

    /// <summary>destination = a − b, broadcast; no allocation.</summary>
    public static void Subtract(Tensor a, Tensor b, Tensor destination) => Binary<SubtractOperator>(a, b, destination, nameof(Subtract));

    /// <summary>a · b elementwise, broadcast.</summary>
    public static Tensor Multiply(Tensor a, Tensor b) => Binary<MultiplyOperator>(a, b, nameof(Multiply));

    /// <summary>destination = a · b elementwise, broadcast; no allocation.</summary>
    public static void Multiply(Tensor a, Tensor b, Tensor destination) => Binary<MultiplyOperator>(a, b, destination, nameof(Multiply));

    /// <summary>a / b elementwise, broadcast (IEEE: x/0 is ±∞, 0/0 is NaN, no exception).</summary>
    public static Tensor Divide(Tensor a, Tensor b) => Binary<DivideOperator>(a, b, nameof(Divide));

    /// <summary>destination = a / b elementwise, broadcast; no allocation.</summary>
    public static void Divide(Tensor a, Tensor b, Tensor destination) => Binary<DivideOperator>(a, b, destination, nameof(Divide));

    /// <summary>The larger of a and b elementwise, broadcast; NaN if either is NaN (<c>np.maximum</c>).</summary>
    public static Tensor Maximum(Tensor a, Tensor b) => Binary<MaximumOperator>(a, b, nameof(Maximum));

    /// <summary>destination = max(a, b) elementwise, broadcast; no allocation.</summary>
    public static void Maximum(Tensor a, Tensor b, Tensor destination) => Binary<MaximumOperator>(a, b, destination, nameof(Maximum));

    /// <summary>max(a, b) with a scalar (<c>np.maximum(a, 0.0)</c> is ReLU).</summary>
    public static Tensor Maximum(Tensor a, double b) => Scalar<MaximumOperator>(a, b);

    /// <summary>The smaller of a and b elementwise, broadcast; NaN if either is NaN (<c>np.minimum</c>).</summary>
    public static Tensor Minimum(Tensor a, Tensor b) => Binary<MinimumOperator>(a, b, nameof(Minimum));

    /// <summary>destination = min(a, b) elementwise, broadcast; no allocation.</summary>
    public static void Minimum(Tensor a, Tensor b, Tensor destination) => Binary<MinimumOperator>(a, b, destination, nameof(Minimum));

    /// <summary>min(a, b) with a scalar.</summary>
    public static Tensor Minimum(Tensor a, double b) => Scalar<MinimumOperator>(a, b);

    /// <summary>a + b, broadcast.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => Add(a, b);

    /// <summary>a + b for every element.</summary>
    public static Tensor operator +(Tensor a, double b) => Scalar<AddOperator>(a, b);

    /// <summary>a + b for every element.</summary>
    public static Tensor operator +(double a, Tensor b) => Scalar<AddOperator>(a, b);

    /// <summary>a − b, broadcast.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => Subtract(a, b);

    /// <summary>a − b for every element.</summary>
    public static Tensor operator -(Tensor a, double b) => Scalar<SubtractOperator>(a, b);

    /// <summary>a − b for every element.</summary>
    public static Tensor operator -(double a, Tensor b) => Scalar<SubtractOperator>(a, b);

    /// <summary>−a (NumPy's <c>negative</c>: flips the sign bit, so −0.0 becomes 0.0 and back).</summary>
    public static Tensor operator -(Tensor a) => Negate(a);

    /// <summary>a · b elementwise, broadcast.</summary>
    public static Tensor operator *(Tensor a, Tensor b) => Multiply(a, b);

    /// <summary>a · b for every element.</summary>
    public static Tensor operator *(Tensor a, double b) => Scalar<MultiplyOperator>(a, b);

    /// <summary>a · b for every element (<c>10 * x</c>).</summary>
    public static Tensor operator *(double a, Tensor b) => Scalar<MultiplyOperator>(a, b);

    /// <summary>a / b elementwise, broadcast.</summary>
    public static Tensor operator /(Tensor a, Tensor b) => Divide(a, b);

    /// <summary>a / b for every element.</summary>
    public static Tensor operator /(Tensor a, double b) => Scalar<DivideOperator>(a, b);

    /// <summary>a / b for every element.</summary>
    public static Tensor operator /(double a, Tensor b) => Scalar<DivideOperator>(a, b);

    /// <summary>−a, a new tensor: the sign bit flipped, also of zeros and NaNs (NumPy's <c>negative</c>).</summary>
    public static Tensor Negate(Tensor a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var result = new Tensor(a._dtype, a._shape);
        if (a._dtype == DType.Float32)
        {
            TensorPrimitives.Negate(a.AsReadOnlySpan<float>(), result.AsSpan<float>());
        }
        else
        {
            TensorPrimitives.Negate(a.AsReadOnlySpan<double>(), result.AsSpan<double>());
        }

        return result;
    }

    /// <summary>The shape NumPy broadcasting gives <paramref name="a"/> and <paramref name="b"/>.</summary>
    /// <exception cref="ArgumentException">The shapes cannot be broadcast.</exception>
    public static int[] BroadcastShape(Tensor a, Tensor b) => BroadcastShape(a, b, nameof(BroadcastShape));

    /// <summary>op(a, b) broadcast into a new tensor of the operands' element type.</summary>
    internal static Tensor Binary<TOp>(Tensor a, Tensor b, string operation)
        where TOp : IBinaryOperator
    {
        int[] shape = BroadcastShape(a, b, operation);
        RequireSameDType(a, b, operation);
        var result = new Tensor(a._dtype, shape);
        RunBroadcast<TOp>(a, b, result);
        return result;
    }

    /// <summary>destination = op(a, b) broadcast; the destination has the broadcast shape and the operands' type.</summary>
    internal static void Binary<TOp>(Tensor a, Tensor b, Tensor destination, string operation)
        where TOp : IBinaryOperator
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(destination);
        RequireSameDType(a, b, operation);
        destination.RequireDType(a._dtype, operation, nameof(destination), nameof(a));
        int rank = Math.Max(a.Rank, b.Rank);
        Span<int> shape = rank <= 16 ? stackalloc int[rank] : new int[rank];
        RequireBroadcast(a, b, shape, operation);
        if (!shape.SequenceEqual(destination._shape))
        {
            ThrowHelper.Argument(nameof(destination),
                $"{operation}: shapes {a.ShapeText} and {b.ShapeText} give {ThrowHelper.FormatShape(shape)}, but the destination has shape {destination.ShapeText}.");
        }

        // NumPy's out= semantics: the destination may be an input; any other overlap reads a copy of that input.
        Tensor x = destination.Overlaps(a) && !destination.SameElements(a) ? a.Clone() : a;
        Tensor y = destination.Overlaps(b) && !destination.SameElements(b) ? b.Clone() : b;
        RunBroadcast<TOp>(x, y, destination);
    }

    /// <summary>op(a, b) for every element of <paramref name="a"/>; a float32 tensor takes <paramref name="b"/> rounded
    /// to float32 first (NumPy's <c>float32_array + python_float</c>).</summary>
    internal static Tensor Scalar<TOp>(Tensor a, double b)
        where TOp : IBinaryOperator
    {
        ArgumentNullException.ThrowIfNull(a);
        var result = new Tensor(a._dtype, a._shape);
        if (a._dtype == DType.Float32)
        {
            BinaryKernel.Run<TOp, float>(a.AsReadOnlySpan<float>(), (float)b, result.AsSpan<float>());
        }
        else
        {
            BinaryKernel.Run<TOp, double>(a.AsReadOnlySpan<double>(), b, result.AsSpan<double>());
        }

        return result;
    }

    /// <summary>op(a, b) for every element of <paramref name="b"/>; <paramref name="a"/> rounded to a float32
    /// tensor's type first.</summary>
    internal static Tensor Scalar<TOp>(double a, Tensor b)
        where TOp : IBinaryOperator
    {
        ArgumentNullException.ThrowIfNull(b);
        var result = new Tensor(b._dtype, b._shape);
        if (b._dtype == DType.Float32)
        {
            BinaryKernel.Run<TOp, float>((float)a, b.AsReadOnlySpan<float>(), result.AsSpan<float>());
        }
        else
        {
            BinaryKernel.Run<TOp, double>(a, b.AsReadOnlySpan<double>(), result.AsSpan<double>());
        }

        return result;
    }

    /// <summary>The one dispatch on the element type: x, y and d have one type (checked by the callers).</summary>
    private static void RunBroadcast<TOp>(Tensor x, Tensor y, Tensor d)
        where TOp : IBinaryOperator
    {
        if (d._dtype == DType.Float32)
        {
            BroadcastKernel.Run<TOp, float>(x.AsReadOnlySpan<float>(), x._shape, y.AsReadOnlySpan<float>(), y._shape, d.AsSpan<float>(), d._shape);
        }
        else
        {
            BroadcastKernel.Run<TOp, double>(x.AsReadOnlySpan<double>(), x._shape, y.AsReadOnlySpan<double>(), y._shape, d.AsSpan<double>(), d._shape);
        }
    }

    private static int[] BroadcastShape(Tensor a, Tensor b, string operation)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int[] shape = new int[Math.Max(a.Rank, b.Rank)];
        RequireBroadcast(a, b, shape, operation);
        return shape;
    }

    private static void RequireBroadcast(Tensor a, Tensor b, Span<int> shape, string operation)
    {
        if (!BroadcastKernel.TryShape(a._shape, b._shape, shape))
        {
            ThrowHelper.Argument(nameof(b), $"{operation}: shapes {a.ShapeText} and {b.ShapeText} cannot be broadcast.");
        }
    }
}
