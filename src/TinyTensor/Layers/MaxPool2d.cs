using TinyTensor.Kernels;
using TinyTensor.Serialization;

namespace TinyTensor.Layers;

/// <summary>
/// 2-D max pooling (PyTorch's <c>nn.MaxPool2d</c> without padding or dilation): each output is the maximum of its
/// k × k window; the first maximum wins on ties, NaN propagates. Backward routes dout to that maximum.
/// </summary>
/// <remarks>Shapes as <see cref="Pool2d"/>. The index of each window's maximum is kept for the backward pass.</remarks>
public sealed class MaxPool2d : Pool2d
{
    private int[] _argMax = [];
    private int[] _olderArgMax = [];

    /// <summary>A max pooling layer with a k × k window and stride <paramref name="stride"/> (k when null).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The kernel size or the stride is less than 1.</exception>
    public MaxPool2d(int kernelSize, int? stride = null)
        : base(kernelSize, stride)
    {
    }

    private protected override void Pool<T>(ReadOnlySpan<T> x, int planes, int height, int width, int outHeight, int outWidth, Span<T> y)
    {
        int count = planes * outHeight * outWidth;
        if (_argMax.Length != count)
        {
            // Two batch sizes alternate in an epoch with a partial last batch: keep both index buffers.
            (_argMax, _olderArgMax) = _olderArgMax.Length == count ? (_olderArgMax, _argMax) : (new int[count], _argMax);
        }

        Pooling.MaxForward(x, planes, height, width, KernelSize, Stride, outHeight, outWidth, y, _argMax);
    }

    private protected override void Unpool<T>(ReadOnlySpan<T> dy, int planes, int height, int width, int outHeight, int outWidth, Span<T> dx) =>
        Pooling.MaxBackward(dy, _argMax, planes, height, width, outHeight, outWidth, dx);

    /// <summary>The model-file description: <c>{"type":"MaxPool2d","kernel_size":…,"stride":…}</c>, no parameters.</summary>
    internal static LayerFormat<MaxPool2d> Format { get; } = new(nameof(MaxPool2d),
        describe: Describe,
        create: (config, _) => new MaxPool2d(config.GetInt32("kernel_size"), config.GetInt32("stride")),
        check: Check);
}
