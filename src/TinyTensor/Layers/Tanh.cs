using TinyTensor.Kernels;

namespace TinyTensor.Layers;

/// <summary>The hyperbolic tangent, y = tanh(x), elementwise; backward dx = dout·(1 − y²).</summary>
/// <remarks>
/// <para>Shapes: any; y and dx have the shape of x.</para>
/// <para>The backward pass reads the layer's own output buffer (y); leave that buffer unmodified between
/// <see cref="Forward"/> and <see cref="Backward"/>. See <see cref="Layer"/> for the ownership of returned tensors.</para>
/// </remarks>
public sealed class Tanh : Layer
{
    private Tensor? _output;
    private readonly BufferSlots _outputs = new();
    private readonly BufferSlots _inputGrads = new();

    /// <summary>y = tanh(x) in a buffer the layer reuses.</summary>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Tensor output = _output = _outputs.Get(input);
        TanhKernel.Forward(input.AsReadOnlySpan(), output.AsSpan());
        return output;
    }

    /// <summary>dx = dout·(1 − y²), in a buffer the layer reuses.</summary>
    /// <exception cref="InvalidOperationException"><see cref="Forward"/> has not been called.</exception>
    /// <exception cref="ArgumentException"><paramref name="outputGradient"/> does not have the output's shape.</exception>
    public override Tensor Backward(Tensor outputGradient)
    {
        Tensor output = RequireForward(_output, nameof(Tanh));
        RequireSameShape(outputGradient, output, nameof(Tanh));
        Tensor inputGrad = _inputGrads.Get(output);
        TanhKernel.Backward(output.AsReadOnlySpan(), outputGradient.AsReadOnlySpan(), inputGrad.AsSpan());
        return inputGrad;
    }

    /// <inheritdoc />
    public override string ToString() => "Tanh()";
}
