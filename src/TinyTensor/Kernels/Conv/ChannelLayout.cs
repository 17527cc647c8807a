namespace TinyTensor.Kernels.Conv;

/// <summary>
/// Moves a batch between the layer's layout (N, C, P) and the product's layout (C, N·P), P = H·W: the convolution's
/// GEMM writes all samples of one output channel side by side.
/// </summary>
internal static class ChannelLayout
{
    /// <summary>y (N, C, P) = t (C, N·P) + bias[c] on every element of channel c.</summary>
    public static void ToBatchMajor(ReadOnlySpan<double> t, ReadOnlySpan<double> bias, int batch, int channels, int plane, Span<double> y)
    {
        int ld = batch * plane;
        for (int n = 0; n < batch; n++)
        {
            for (int c = 0; c < channels; c++)
            {
                ReadOnlySpan<double> src = t.Slice((c * ld) + (n * plane), plane);
                Span<double> dst = y.Slice(((n * channels) + c) * plane, plane);
                System.Numerics.Tensors.TensorPrimitives.Add(src, bias[c], dst);
            }
        }
    }

    /// <summary>t (C, N·P) from y (N, C, P).</summary>
    public static void ToChannelMajor(ReadOnlySpan<double> y, int batch, int channels, int plane, Span<double> t)
    {
        int ld = batch * plane;
        for (int n = 0; n < batch; n++)
        {
            for (int c = 0; c < channels; c++)
            {
                y.Slice(((n * channels) + c) * plane, plane).CopyTo(t.Slice((c * ld) + (n * plane), plane));
            }
        }
    }
}
