using TinyTensor.Internal;

namespace TinyTensor.Layers;

/// <summary>The checks of a layer that takes a batch of images (N, C, H, W): one message format for all of them.</summary>
internal static class ImageInput
{
    /// <summary>(N, C, H, W) of <paramref name="input"/>, which must be 4-D with <paramref name="channels"/> channels
    /// (any number when null).</summary>
    public static (int N, int C, int H, int W) Require(Tensor input, ShapeCache shapes, int? channels, string layer)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 4)
        {
            ThrowHelper.Argument(nameof(input), $"{layer}.Forward: expected input of shape {Expected(channels)}, got {input.ShapeText} (rank {input.Rank}).");
        }

        int[] shape = shapes.Of(input);
        if (channels is { } required && shape[1] != required)
        {
            ThrowHelper.Argument(nameof(input),
                $"{layer}.Forward: expected input of shape {Expected(channels)}, got {input.ShapeText}: {shape[1]} channels instead of {required}.");
        }

        return (shape[0], shape[1], shape[2], shape[3]);
    }

    private static string Expected(int? channels) =>
        $"(N, {(channels is { } c ? c.ToString(System.Globalization.CultureInfo.InvariantCulture) : "C")}, H, W)";

    /// <summary>PyTorch's output size ⌊(size + 2·padding − kernel) / stride⌋ + 1, after checking that the kernel fits
    /// the padded input.</summary>
    public static int OutputSize(Tensor input, int size, bool height, int kernel, int stride, int padding, string layer)
    {
        if (size + (2 * padding) < kernel)
        {
            string what = padding == 0 ? $"{size}" : $"{size} + 2·{padding} padding";
            ThrowHelper.Argument(nameof(input),
                $"{layer}.Forward: the {kernel}×{kernel} window does not fit input {input.ShapeText}: its {(height ? "height" : "width")} is {what}, less than {kernel}.");
        }

        return ((size + (2 * padding) - kernel) / stride) + 1;
    }
}
