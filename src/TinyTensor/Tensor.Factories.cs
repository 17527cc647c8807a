using System.Numerics;
using TinyTensor.Internal;

namespace TinyTensor;

/// <remarks>Every factory makes float64 unless given a <see cref="DType"/> (NumPy's <c>dtype=</c>); the element type
/// comes before the shape, so it cannot be mistaken for a dimension.</remarks>
public sealed partial class Tensor
{
    /// <summary>A float64 tensor of zeros (<c>np.zeros</c>), the same as <c>new Tensor(shape)</c>.</summary>
    public static Tensor Zeros(params int[] shape) => new(shape);

    /// <summary>A tensor of zeros of element type <paramref name="dtype"/> (<c>np.zeros(shape, dtype)</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dtype"/> is not a defined type.</exception>
    public static Tensor Zeros(DType dtype, params int[] shape) => new(dtype, shape);

    /// <summary>A float64 tensor of ones (<c>np.ones</c>).</summary>
    public static Tensor Ones(params int[] shape) => Full(1.0, shape);

    /// <summary>A tensor of ones of element type <paramref name="dtype"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dtype"/> is not a defined type.</exception>
    public static Tensor Ones(DType dtype, params int[] shape) => Full(1.0, dtype, shape);

    /// <summary>A float64 tensor with every element <paramref name="value"/> (<c>np.full</c>).</summary>
    public static Tensor Full(double value, params int[] shape) => Full(value, DType.Float64, shape);

    /// <summary>A tensor of element type <paramref name="dtype"/> with every element <paramref name="value"/> (rounded
    /// to nearest in float32, as <c>np.full(shape, value, np.float32)</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dtype"/> is not a defined type.</exception>
    public static Tensor Full(double value, DType dtype, params int[] shape)
    {
        var result = new Tensor(dtype, shape);
        result.Fill(value);
        return result;
    }

    /// <summary>
    /// The float64 1-D tensor start, start + step, … up to (not including) <paramref name="stop"/> (<c>np.arange</c>),
    /// computed as NumPy does: length ⌈(stop − start) / step⌉, element 1 is start + step, and element i ≥ 2 is
    /// start + i·δ with δ = (start + step) − start (NumPy's <c>DOUBLE_fill</c>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is zero or a bound is not finite.</exception>
    public static Tensor Arange(double start, double stop, double step = 1.0) => Arange(start, stop, step, DType.Float64);

    /// <summary>
    /// <see cref="Arange(double, double, double)"/> in element type <paramref name="dtype"/>, computed as
    /// <c>np.arange(start, stop, step, dtype=...)</c> does: the length ⌈(stop − start) / step⌉ and element 1,
    /// start + step, in float64 (Python's arithmetic), then elements 0 and 1 rounded to the type; element i ≥ 2 is
    /// s + i·δ in the element type, with s and δ = element 1 − s of that type (NumPy's <c>FLOAT_fill</c>/<c>DOUBLE_fill</c>,
    /// whose <c>i</c> converts to the type before the product). So a float32 arange is not the float64 one rounded.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is zero, a bound is not finite, or
    /// <paramref name="dtype"/> is not a defined type.</exception>
    public static Tensor Arange(double start, double stop, double step, DType dtype)
    {
        DTypes.Require(dtype, nameof(dtype));
        if (step == 0 || !double.IsFinite(step) || !double.IsFinite(start) || !double.IsFinite(stop))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(step), step,
                $"Arange: start {start}, stop {stop} and a non-zero step {step} must all be finite.");
        }

        double count = Math.Ceiling((stop - start) / step);
        if (count > Array.MaxLength)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(stop), stop, $"Arange: {count} elements are more than a tensor holds.");
        }

        var result = new Tensor(dtype, Math.Max(0, (int)count));
        if (dtype == DType.Float32)
        {
            Fill(result.AsSpan<float>(), (float)start, (float)(start + step));
        }
        else
        {
            Fill(result.AsSpan<double>(), start, start + step);
        }

        return result;
    }

    /// <summary>The n×n float64 identity matrix (<c>np.eye(n)</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative.</exception>
    public static Tensor Eye(int n) => Eye(n, DType.Float64);

    /// <summary>The n×n identity matrix of element type <paramref name="dtype"/> (<c>np.eye(n, dtype=...)</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative or <paramref name="dtype"/> is
    /// not a defined type.</exception>
    public static Tensor Eye(int n, DType dtype)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var result = new Tensor(dtype, n, n);
        for (int i = 0; i < n; i++)
        {
            result[i, i] = 1.0;
        }

        return result;
    }

    /// <summary>NumPy's <c>@NAME@_fill</c> for a floating type: values[0] and values[1] given, then
    /// values[i] = first + i·(second − first) in <typeparamref name="T"/>.</summary>
    private static void Fill<T>(Span<T> values, T first, T second)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (values.Length > 0)
        {
            values[0] = first;
        }

        if (values.Length > 1)
        {
            values[1] = second;
        }

        T delta = second - first;
        for (int i = 2; i < values.Length; i++)
        {
            values[i] = first + (T.CreateTruncating(i) * delta);
        }
    }
}
