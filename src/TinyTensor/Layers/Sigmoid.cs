using TinyTensor.Kernels;
using TinyTensor.Serialization;

namespace TinyTensor.Layers;

/// <summary>The logistic sigmoid, y = 1 / (1 + exp(−x)), elementwise; backward dx = dout·y·(1 − y).</summary>
/// <remarks>
/// <para>Shapes: any; y and dx have the shape of x.</para>
/// <para>The backward pass reads the layer's own output buffer (y), so it needs no exp. See <see cref="Layer"/> for
/// the ownership of returned tensors.</para>
/// </remarks>
public sealed class Sigmoid : ElementwiseActivation
{
    private protected override void Activate<T>(ReadOnlySpan<T> x, Span<T> y) => SigmoidKernel.Forward(x, y);

    private protected override void Differentiate<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dout, Span<T> dx) =>
        SigmoidKernel.Backward(y, dout, dx);

    /// <summary>The model-file description: <c>{"type":"Sigmoid"}</c>, no parameters.</summary>
    internal static LayerFormat<Sigmoid> Format { get; } = new(nameof(Sigmoid), describe: _ => null, create: (_, _) => new Sigmoid());

    /// <inheritdoc />
    public override string ToString() => "Sigmoid()";
}
