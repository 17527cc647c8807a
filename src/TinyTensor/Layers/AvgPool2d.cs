using TinyTensor.Kernels;
using TinyTensor.Serialization;

namespace TinyTensor.Layers;

/// <summary>
/// 2-D average pooling (PyTorch's <c>nn.AvgPool2d</c> without padding): each output is the mean of its k × k window
/// (the window sum, row by row, divided by k²). Backward spreads dout / k² over the window.
/// </summary>
/// <remarks>Shapes as <see cref="Pool2d"/>.</remarks>
public sealed class AvgPool2d : Pool2d
{
    /// <summary>An average pooling layer with a k × k window and stride <paramref name="stride"/> (k when null).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The kernel size or the stride is less than 1.</exception>
    public AvgPool2d(int kernelSize, int? stride = null)
        : base(kernelSize, stride)
    {
    }

    private protected override void Pool<T>(ReadOnlySpan<T> x, int planes, int height, int width, int outHeight, int outWidth, Span<T> y) =>
        Pooling.AverageForward(x, planes, height, width, KernelSize, Stride, outHeight, outWidth, y);

    private protected override void Unpool<T>(ReadOnlySpan<T> dy, int planes, int height, int width, int outHeight, int outWidth, Span<T> dx) =>
        Pooling.AverageBackward(dy, planes, height, width, KernelSize, Stride, outHeight, outWidth, dx);

    /// <summary>The model-file description: <c>{"type":"AvgPool2d","kernel_size":…,"stride":…}</c>, no parameters.</summary>
    internal static LayerFormat<AvgPool2d> Format { get; } = new(nameof(AvgPool2d),
        describe: Describe,
        create: (config, _) => new AvgPool2d(config.GetInt32("kernel_size"), config.GetInt32("stride")),
        check: Check);
}
