using TinyTensor.Kernels;
using TinyTensor.Serialization;

namespace TinyTensor.Layers;

/// <summary>The hyperbolic tangent, y = tanh(x), elementwise; backward dx = dout·(1 − y²).</summary>
/// <remarks>
/// <para>Shapes: any; y and dx have the shape of x.</para>
/// <para>The backward pass reads the layer's own output buffer (y). See <see cref="Layer"/> for the ownership of
/// returned tensors.</para>
/// </remarks>
public sealed class Tanh : ElementwiseActivation
{
    private protected override void Activate<T>(ReadOnlySpan<T> x, Span<T> y) => TanhKernel.Forward(x, y);

    private protected override void Differentiate<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dout, Span<T> dx) =>
        TanhKernel.Backward(y, dout, dx);

    /// <summary>The model-file description: <c>{"type":"Tanh"}</c>, no parameters.</summary>
    internal static LayerFormat<Tanh> Format { get; } = new(nameof(Tanh), describe: _ => null, create: (_, _) => new Tanh());

    /// <inheritdoc />
    public override string ToString() => "Tanh()";
}
