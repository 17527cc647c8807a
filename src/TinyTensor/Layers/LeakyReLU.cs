using System.Globalization;
using System.Text.Json.Nodes;
using TinyTensor.Kernels;
using TinyTensor.Serialization;

namespace TinyTensor.Layers;

/// <summary>
/// The leaky rectified linear unit, y = x for x &gt; 0 and negative_slope·x otherwise, elementwise (PyTorch's
/// <c>LeakyReLU</c>); backward dx = dout for x &gt; 0 and negative_slope·dout otherwise (so the slope at exactly 0).
/// </summary>
/// <remarks>
/// <para>Shapes: any; y and dx have the shape of x.</para>
/// <para>See <see cref="Layer"/> for the ownership of returned tensors; the layer keeps a reference to the last input.</para>
/// </remarks>
public sealed class LeakyReLU : ElementwiseActivation
{
    /// <summary>Creates the layer.</summary>
    /// <param name="negativeSlope">The slope for x ≤ 0 (PyTorch's default 0.01); any finite value.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="negativeSlope"/> is NaN or infinite.</exception>
    public LeakyReLU(double negativeSlope = 0.01)
    {
        if (!double.IsFinite(negativeSlope))
        {
            throw new ArgumentOutOfRangeException(nameof(negativeSlope), negativeSlope,
                $"LeakyReLU: the negative slope must be finite, got {negativeSlope}.");
        }

        NegativeSlope = negativeSlope;
    }

    /// <summary>The slope for x ≤ 0 (rounded to float32 for a float32 input, as PyTorch converts the scalar).</summary>
    public double NegativeSlope { get; }

    private protected override void Activate<T>(ReadOnlySpan<T> x, Span<T> y) =>
        LeakyReluKernel.Forward(x, y, T.CreateTruncating(NegativeSlope));

    private protected override void Differentiate<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dout, Span<T> dx) =>
        LeakyReluKernel.Backward(x, dout, dx, T.CreateTruncating(NegativeSlope));

    /// <summary>The model-file description: <c>{"type":"LeakyReLU","negative_slope":…}</c>, no parameters.</summary>
    internal static LayerFormat<LeakyReLU> Format { get; } = new(nameof(LeakyReLU),
        describe: leaky => new JsonObject { ["negative_slope"] = leaky.NegativeSlope },
        create: (config, _) => new LeakyReLU(config.GetFiniteDouble("negative_slope")),
        check: config => config.GetFiniteDouble("negative_slope"));

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"LeakyReLU({NegativeSlope:R})");
}
