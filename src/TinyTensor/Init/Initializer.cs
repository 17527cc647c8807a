using TinyTensor.Internal;
using TinyTensor.Kernels;

namespace TinyTensor.Init;

/// <summary>
/// How a <see cref="Layers.Linear"/> layer's W (in, out) and b (out,) get their first values, drawn from a given
/// <see cref="RandomState"/> (PyTorch's <c>torch.nn.init</c>).
/// </summary>
/// <remarks>
/// <para>fan_in = in (rows of W), fan_out = out (columns of W): PyTorch stores W as (out, in), so its fans are the
/// same numbers.</para>
/// <para>Bias: <see cref="Default"/> draws it as the framework does; the Xavier and Kaiming schemes set b = 0 and
/// draw nothing for it. PyTorch's <c>init</c> functions define only the weight's distribution, and zero biases are
/// the usual companion of these schemes (Keras' default); <c>nn.Linear</c>'s own U(−1/√fan_in, 1/√fan_in) bias
/// belongs to its own default weight init, not to these.</para>
/// <para>W is filled in row-major order of the (in, out) shape, so a seed gives NumPy's
/// <c>rng.uniform(-a, a, (in, out))</c> / <c>rng.normal(0, std, (in, out))</c> values.</para>
/// </remarks>
public abstract class Initializer
{
    /// <summary>The framework's (and the notebook's) initialisation: W = rand(in, out)·1e-4, then b = rand(out)·1e-4.
    /// Bit-identical to <see cref="Layers.Linear(int, int, RandomState)"/>.</summary>
    public static Initializer Default { get; } = new FrameworkInitializer();

    /// <summary>Xavier/Glorot uniform: W ~ U(−a, a) with a = gain·√(6 / (fan_in + fan_out)); b = 0.</summary>
    /// <param name="gain">The scale factor, e.g. <see cref="CalculateGain"/> of the activation; positive and finite.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gain"/> is not positive and finite.</exception>
    public static Initializer XavierUniform(double gain = 1.0) => new XavierInitializer(CheckGain(gain), uniform: true);

    /// <summary>Xavier/Glorot normal: W ~ N(0, std²) with std = gain·√(2 / (fan_in + fan_out)); b = 0.</summary>
    /// <inheritdoc cref="XavierUniform" path="/param"/>
    /// <inheritdoc cref="XavierUniform" path="/exception"/>
    public static Initializer XavierNormal(double gain = 1.0) => new XavierInitializer(CheckGain(gain), uniform: false);

    /// <summary>He/Kaiming uniform, fan-in mode: W ~ U(−bound, bound) with bound = gain·√(3 / fan_in); b = 0.</summary>
    /// <param name="nonlinearity">The activation after the layer, which sets the gain (ReLU: √2).</param>
    /// <param name="negativeSlope">The slope of <see cref="Nonlinearity.LeakyReLU"/> (PyTorch's <c>a</c>); ignored
    /// for the other activations.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is not a valid value.</exception>
    public static Initializer KaimingUniform(Nonlinearity nonlinearity = Nonlinearity.ReLU, double negativeSlope = 0.01) =>
        new KaimingInitializer(CalculateGain(nonlinearity, negativeSlope), uniform: true);

    /// <summary>He/Kaiming normal, fan-in mode: W ~ N(0, std²) with std = gain / √fan_in; b = 0.</summary>
    /// <inheritdoc cref="KaimingUniform" path="/param"/>
    /// <inheritdoc cref="KaimingUniform" path="/exception"/>
    public static Initializer KaimingNormal(Nonlinearity nonlinearity = Nonlinearity.ReLU, double negativeSlope = 0.01) =>
        new KaimingInitializer(CalculateGain(nonlinearity, negativeSlope), uniform: false);

    /// <summary>The recommended gain for an activation, as PyTorch's <c>calculate_gain</c>: linear and sigmoid 1,
    /// tanh 5/3, ReLU √2, leaky ReLU √(2 / (1 + slope²)).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The activation is unknown, or the slope is not finite.</exception>
    public static double CalculateGain(Nonlinearity nonlinearity, double negativeSlope = 0.01)
    {
        switch (nonlinearity)
        {
            case Nonlinearity.Linear:
            case Nonlinearity.Sigmoid:
                return 1.0;
            case Nonlinearity.Tanh:
                return 5.0 / 3.0;
            case Nonlinearity.ReLU:
                return Math.Sqrt(2.0);
            case Nonlinearity.LeakyReLU:
                if (!double.IsFinite(negativeSlope))
                {
                    ThrowHelper.ArgumentOutOfRange(nameof(negativeSlope), negativeSlope,
                        $"CalculateGain: the negative slope must be finite, got {negativeSlope}.");
                }

                return Math.Sqrt(2.0 / (1.0 + (negativeSlope * negativeSlope)));
            default:
                throw new ArgumentOutOfRangeException(nameof(nonlinearity), nonlinearity, $"CalculateGain: unknown nonlinearity {nonlinearity}.");
        }
    }

    /// <summary>Overwrites <paramref name="weight"/> and <paramref name="bias"/> with initial values.</summary>
    /// <param name="weight">W, (in, out).</param>
    /// <param name="bias">b, (out,).</param>
    /// <param name="rng">The generator to draw from (weights first, then bias if the scheme draws it).</param>
    /// <remarks>The values are drawn and scaled in float64 (the notebook's numbers); a float32 tensor receives them
    /// rounded to float32, exactly what initialising in float64 and converting with <see cref="Tensor.To(DType)"/>
    /// gives, with the same generator advance.</remarks>
    /// <exception cref="ArgumentException">The shapes are not (in, out) and (out,).</exception>
    public void Initialize(Tensor weight, Tensor bias, RandomState rng)
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(bias);
        ArgumentNullException.ThrowIfNull(rng);
        if (weight.Rank != 2 || !bias.HasShape(weight.Columns))
        {
            ThrowHelper.Argument(nameof(bias),
                $"Initializer: expected W (in, out) and b (out,), got {weight.ShapeText} and {bias.ShapeText}.");
        }

        if (weight.DType == DType.Float64 && bias.DType == DType.Float64)
        {
            Fill(weight, bias, weight.Rows, weight.Columns, rng);
            return;
        }

        var wide = (Weight: new Tensor(weight.Shape), Bias: new Tensor(bias.Shape));
        Fill(wide.Weight, wide.Bias, weight.Rows, weight.Columns, rng);
        ConvertingCopy.Copy(wide.Weight, 0, weight, 0, weight.Length);
        ConvertingCopy.Copy(wide.Bias, 0, bias, 0, bias.Length);
    }

    /// <summary>Fills the checked W (fanIn, fanOut) and b (fanOut,).</summary>
    private protected abstract void Fill(Tensor weight, Tensor bias, int fanIn, int fanOut, RandomState rng);

    private static double CheckGain(double gain)
    {
        if (!(gain > 0.0) || !double.IsFinite(gain))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(gain), gain, $"Initializer: the gain must be positive and finite, got {gain}.");
        }

        return gain;
    }
}
