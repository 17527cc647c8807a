using System.Numerics;

namespace TinyTensor.Layers;

/// <summary>
/// An activation applied element by element, y = f(x), whose gradient dx = dout ⊙ f′ depends only on x and y:
/// the base of <see cref="ReLU"/>, <see cref="LeakyReLU"/>, <see cref="Sigmoid"/> and <see cref="Tanh"/>. It owns
/// the buffers, the checks and the bookkeeping; a subclass supplies the two span kernels.
/// </summary>
/// <remarks>
/// <para>Shapes: any; y and dx have the shape of x.</para>
/// <para>See <see cref="Layer"/> for the ownership of returned tensors. The layer keeps a reference to the last
/// input and its own output for <see cref="Backward"/>: leave both unmodified in between.</para>
/// <para>NaN propagates elementwise, as in NumPy.</para>
/// <para>Element type: the layer has no parameters and follows its input (float64 or float32); the output and the
/// input gradient have the input's type, and an output gradient of another type is refused, naming both.</para>
/// </remarks>
public abstract class ElementwiseActivation : Layer
{
    private readonly BufferSlots _outputs = new();
    private readonly BufferSlots _inputGrads = new();
    private Tensor? _input;
    private Tensor? _output;

    /// <summary>y = f(x), in a buffer the layer reuses.</summary>
    public sealed override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Tensor output = _output = _outputs.Get(input, avoid: input);
        if (input.DType == TinyTensor.DType.Float32)
        {
            Activate(input.AsReadOnlySpan<float>(), output.AsSpan<float>());
        }
        else
        {
            Activate(input.AsReadOnlySpan<double>(), output.AsSpan<double>());
        }

        _input = input;
        return output;
    }

    /// <summary>dx = dout ⊙ f′, in a buffer the layer reuses.</summary>
    /// <exception cref="InvalidOperationException"><see cref="Forward"/> has not been called.</exception>
    /// <exception cref="ArgumentException"><paramref name="outputGradient"/> does not have the output's shape.</exception>
    public sealed override Tensor Backward(Tensor outputGradient)
    {
        // The layer's name is looked up only on the failure paths: this runs every training step.
        Tensor input = _input ?? RequireForward(_input, GetType().Name);
        ArgumentNullException.ThrowIfNull(outputGradient);
        if (!outputGradient.SameShape(_output!))
        {
            RequireSameShape(outputGradient, _output!, GetType().Name);
        }

        if (outputGradient.DType != input.DType)
        {
            outputGradient.RequireDType(input.DType, GetType().Name + ".Backward", nameof(outputGradient), "the last input");
        }

        Tensor inputGrad = _inputGrads.Get(input, avoid: outputGradient);
        if (input.DType == TinyTensor.DType.Float32)
        {
            Differentiate(input.AsReadOnlySpan<float>(), _output!.AsReadOnlySpan<float>(), outputGradient.AsReadOnlySpan<float>(), inputGrad.AsSpan<float>());
        }
        else
        {
            Differentiate(input.AsReadOnlySpan<double>(), _output!.AsReadOnlySpan<double>(), outputGradient.AsReadOnlySpan<double>(), inputGrad.AsSpan<double>());
        }

        return inputGrad;
    }

    /// <summary>y = f(x) in element type <typeparamref name="T"/> (double or float); both spans have the same length.</summary>
    private protected abstract void Activate<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>dx = dout ⊙ f′(x), from whichever of x and y = f(x) is cheaper; all spans have the same length.</summary>
    private protected abstract void Differentiate<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dout, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>;
}
