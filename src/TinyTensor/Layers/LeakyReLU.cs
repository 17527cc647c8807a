using System.Globalization;
using TinyTensor.Kernels;

namespace TinyTensor.Layers;

/// <summary>
/// The leaky rectified linear unit, y = x for x &gt; 0 and negative_slope·x otherwise, elementwise (PyTorch's
/// <c>LeakyReLU</c>); backward dx = dout for x &gt; 0 and negative_slope·dout otherwise (so the slope at exactly 0).
/// </summary>
/// <remarks>
/// <para>Shapes: any; y and dx have the shape of x.</para>
/// <para>See <see cref="Layer"/> for the ownership of returned tensors; the layer keeps a reference to the last input.</para>
/// </remarks>
public sealed class LeakyReLU : Layer
{
    private Tensor? _input;
    private Tensor? _output;
    private readonly BufferSlots _outputs = new();
    private readonly BufferSlots _inputGrads = new();

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

    /// <summary>The slope for x ≤ 0.</summary>
    public double NegativeSlope { get; }

    /// <summary>y = leaky_relu(x) in a buffer the layer reuses.</summary>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Tensor output = _output = _outputs.Get(input);
        LeakyReluKernel.Forward(input.AsReadOnlySpan(), output.AsSpan(), NegativeSlope);
        _input = input;
        return output;
    }

    /// <summary>dx = dout·(x &gt; 0 ? 1 : negative_slope), in a buffer the layer reuses.</summary>
    /// <exception cref="InvalidOperationException"><see cref="Forward"/> has not been called.</exception>
    /// <exception cref="ArgumentException"><paramref name="outputGradient"/> does not have the output's shape.</exception>
    public override Tensor Backward(Tensor outputGradient)
    {
        Tensor input = RequireForward(_input, nameof(LeakyReLU));
        RequireSameShape(outputGradient, _output!, nameof(LeakyReLU));
        Tensor inputGrad = _inputGrads.Get(input);
        LeakyReluKernel.Backward(input.AsReadOnlySpan(), outputGradient.AsReadOnlySpan(), inputGrad.AsSpan(), NegativeSlope);
        return inputGrad;
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"LeakyReLU({NegativeSlope:R})");
}
