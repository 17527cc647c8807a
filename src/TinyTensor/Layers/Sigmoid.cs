using TinyTensor.Kernels;

namespace TinyTensor.Layers;

/// <summary>The logistic sigmoid, y = 1 / (1 + exp(−x)), elementwise; backward dx = dout·y·(1 − y).</summary>
/// <remarks>
/// <para>Shapes: any; y and dx have the shape of x.</para>
/// <para>The backward pass reads the layer's own output buffer (y), so it needs no exp; leave that buffer
/// unmodified between <see cref="Forward"/> and <see cref="Backward"/>. See <see cref="Layer"/> for the ownership
/// of returned tensors.</para>
/// </remarks>
public sealed class Sigmoid : Layer
{
    private Tensor? _output;
    private readonly BufferSlots _outputs = new();
    private readonly BufferSlots _inputGrads = new();

    /// <summary>y = σ(x) in a buffer the layer reuses.</summary>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Tensor output = _output = _outputs.Get(input);
        SigmoidKernel.Forward(input.AsReadOnlySpan(), output.AsSpan());
        return output;
    }

    /// <summary>dx = dout·y·(1 − y), in a buffer the layer reuses.</summary>
    /// <exception cref="InvalidOperationException"><see cref="Forward"/> has not been called.</exception>
    /// <exception cref="ArgumentException"><paramref name="outputGradient"/> does not have the output's shape.</exception>
    public override Tensor Backward(Tensor outputGradient)
    {
        Tensor output = RequireForward(_output, nameof(Sigmoid));
        RequireSameShape(outputGradient, output, nameof(Sigmoid));
        Tensor inputGrad = _inputGrads.Get(output);
        SigmoidKernel.Backward(output.AsReadOnlySpan(), outputGradient.AsReadOnlySpan(), inputGrad.AsSpan());
        return inputGrad;
    }

    /// <inheritdoc />
    public override string ToString() => "Sigmoid()";
}
