using TinyTensor.Internal;

namespace TinyTensor;

public sealed partial class Tensor
{
    /// <summary>A tensor of zeros (<c>np.zeros</c>), the same as <c>new Tensor(shape)</c>.</summary>
    public static Tensor Zeros(params int[] shape) => new(shape);

    /// <summary>A tensor of ones (<c>np.ones</c>).</summary>
    public static Tensor Ones(params int[] shape) => Full(1.0, shape);

    /// <summary>A tensor with every element <paramref name="value"/> (<c>np.full</c>).</summary>
    public static Tensor Full(double value, params int[] shape)
    {
        var result = new Tensor(shape);
        result.Fill(value);
        return result;
    }

    /// <summary>
    /// The 1-D tensor start, start + step, … up to (not including) <paramref name="stop"/> (<c>np.arange</c>), computed
    /// as NumPy does: length ⌈(stop − start) / step⌉, element 1 is start + step, and element i ≥ 2 is start + i·δ with
    /// δ = (start + step) − start (NumPy's <c>DOUBLE_fill</c>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is zero or a bound is not finite.</exception>
    public static Tensor Arange(double start, double stop, double step = 1.0)
    {
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

        var result = new Tensor(Math.Max(0, (int)count));
        Span<double> values = result.AsSpan();
        if (values.Length > 0)
        {
            values[0] = start;
        }

        if (values.Length > 1)
        {
            values[1] = start + step;
        }

        double delta = (start + step) - start;
        for (int i = 2; i < values.Length; i++)
        {
            values[i] = start + (i * delta);
        }

        return result;
    }

    /// <summary>The n×n identity matrix (<c>np.eye(n)</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative.</exception>
    public static Tensor Eye(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var result = new Tensor(n, n);
        Span<double> values = result.AsSpan();
        for (int i = 0; i < n; i++)
        {
            values[(i * n) + i] = 1.0;
        }

        return result;
    }
}
