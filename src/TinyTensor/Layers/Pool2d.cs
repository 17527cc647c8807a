using System.Numerics;
using System.Text.Json.Nodes;
using TinyTensor.Serialization;

namespace TinyTensor.Layers;

/// <summary>
/// What <see cref="MaxPool2d"/> and <see cref="AvgPool2d"/> share: a square window of side k moved by a stride
/// (k by default), no padding, floor mode: (N, C, H, W) → (N, C, ⌊(H − k)/s⌋ + 1, ⌊(W − k)/s⌋ + 1). Without
/// parameters, a pooling layer follows its input's element type (float64 or float32).
/// </summary>
public abstract class Pool2d : Layer
{
    private readonly BufferSlots _outputs = new();
    private readonly BufferSlots _inputGrads = new();
    private Tensor? _input;
    private Tensor? _output;
    private readonly ShapeCache _shapes = new();
    private int _outHeight, _outWidth;
    private readonly string _backwardName;

    private protected Pool2d(int kernelSize, int? stride)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(kernelSize, 1);
        if (stride is { } s)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(s, 1, nameof(stride));
        }

        KernelSize = kernelSize;
        Stride = stride ?? kernelSize;
        _backwardName = GetType().Name + ".Backward"; // formatted once: Backward must not allocate
    }

    /// <summary>The side k of the window.</summary>
    public int KernelSize { get; }

    /// <summary>The step between windows (k unless given).</summary>
    public int Stride { get; }

    /// <summary>Pools every (H, W) plane. x is (N, C, H, W); returns (N, C, H', W') of x's element type (pooling has
    /// no parameters, so it follows its input's type).</summary>
    /// <exception cref="ArgumentException"><paramref name="input"/> is not 4-D, or the window does not fit it.</exception>
    public override Tensor Forward(Tensor input)
    {
        string name = GetType().Name;
        (int n, int c, int height, int width) = ImageInput.Require(input, _shapes, channels: null, name);
        int outHeight = ImageInput.OutputSize(input, height, true, KernelSize, Stride, 0, name);
        int outWidth = ImageInput.OutputSize(input, width, false, KernelSize, Stride, 0, name);
        Tensor output = _output = _outputs.Get(input.DType, [n, c, outHeight, outWidth], avoid: input);
        if (input.DType == TinyTensor.DType.Float32)
        {
            Pool(input.AsReadOnlySpan<float>(), n * c, height, width, outHeight, outWidth, output.AsSpan<float>());
        }
        else
        {
            Pool(input.AsReadOnlySpan<double>(), n * c, height, width, outHeight, outWidth, output.AsSpan<double>());
        }

        (_input, _outHeight, _outWidth) = (input, outHeight, outWidth);
        return output;
    }

    /// <summary>Returns dx, (N, C, H, W). Pooling has no parameters.</summary>
    /// <exception cref="InvalidOperationException"><see cref="Forward"/> has not been called.</exception>
    /// <exception cref="ArgumentException"><paramref name="outputGradient"/> is not the shape or the element type of
    /// the last output.</exception>
    public override Tensor Backward(Tensor outputGradient)
    {
        Tensor input = RequireForward(_input, GetType().Name);
        RequireGradient(outputGradient);
        Tensor inputGrad = _inputGrads.Get(input, avoid: outputGradient);
        int[] shape = _shapes.Of(input);
        if (input.DType == TinyTensor.DType.Float32)
        {
            Unpool(outputGradient.AsReadOnlySpan<float>(), shape[0] * shape[1], shape[2], shape[3], _outHeight, _outWidth, inputGrad.AsSpan<float>());
        }
        else
        {
            Unpool(outputGradient.AsReadOnlySpan<double>(), shape[0] * shape[1], shape[2], shape[3], _outHeight, _outWidth, inputGrad.AsSpan<double>());
        }

        return inputGrad;
    }

    /// <summary>Nothing to store: pooling has no parameters.</summary>
    public override void BackwardParameters(Tensor outputGradient)
    {
        RequireForward(_input, GetType().Name);
        RequireGradient(outputGradient);
    }

    private void RequireGradient(Tensor outputGradient)
    {
        RequireSameShape(outputGradient, _output!, GetType().Name);
        outputGradient.RequireDType(_output!.DType, _backwardName, nameof(outputGradient), "the last output");
    }

    /// <summary>y (planes, H', W') from x (planes, H, W), in the input's element type.</summary>
    private protected abstract void Pool<T>(ReadOnlySpan<T> x, int planes, int height, int width, int outHeight, int outWidth, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>dx (planes, H, W), overwritten, from dy (planes, H', W').</summary>
    private protected abstract void Unpool<T>(ReadOnlySpan<T> dy, int planes, int height, int width, int outHeight, int outWidth, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>;

    private protected static JsonObject Describe(Pool2d pool) => new() { ["kernel_size"] = pool.KernelSize, ["stride"] = pool.Stride };

    private protected static void Check(LayerConfig config)
    {
        config.GetInt32("kernel_size");
        config.GetInt32("stride");
    }

    /// <inheritdoc />
    public override string ToString() => $"{GetType().Name}(kernel_size={KernelSize}, stride={Stride})";
}
