using TinyTensor.Kernels;

namespace TinyTensor.Layers;

/// <summary>The rectified linear unit, y = max(x, 0), elementwise; backward dx = dout·(x &gt; 0) (0 at x = 0).</summary>
/// <remarks>Any shape. See <see cref="Layer"/> for the ownership of returned tensors.</remarks>
public sealed class ReLU : Layer
{
    private Tensor? _input;
    private Tensor? _output;
    private readonly BufferSlots _outputs = new();
    private readonly BufferSlots _inputGrads = new();

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Tensor output = _output = _outputs.Get(input);
        ReluKernel.Forward(input.AsReadOnlySpan(), output.AsSpan());
        _input = input;
        return output;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor outputGradient)
    {
        Tensor input = RequireForward(_input, nameof(ReLU));
        RequireSameShape(outputGradient, _output!, nameof(ReLU));
        Tensor inputGrad = _inputGrads.Get(input);
        ReluKernel.Backward(input.AsReadOnlySpan(), outputGradient.AsReadOnlySpan(), inputGrad.AsSpan());
        return inputGrad;
    }

    /// <inheritdoc />
    public override string ToString() => "ReLU()";
}
