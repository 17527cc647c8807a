using TinyTensor.Kernels;
using TinyTensor.Serialization;

namespace TinyTensor.Layers;

/// <summary>The rectified linear unit, y = max(x, 0), elementwise; backward dx = dout·(x &gt; 0) (0 at x = 0).</summary>
/// <remarks>Any shape. See <see cref="Layer"/> for the ownership of returned tensors.</remarks>
public sealed class ReLU : ElementwiseActivation
{
    private protected override void Activate<T>(ReadOnlySpan<T> x, Span<T> y) => ReluKernel.Forward(x, y);

    private protected override void Differentiate<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dout, Span<T> dx) =>
        ReluKernel.Backward(x, dout, dx);

    /// <summary>The model-file description: <c>{"type":"ReLU"}</c>, no parameters.</summary>
    internal static LayerFormat<ReLU> Format { get; } = new(nameof(ReLU), describe: _ => null, create: (_, _) => new ReLU());

    /// <inheritdoc />
    public override string ToString() => "ReLU()";
}
