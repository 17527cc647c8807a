using System.Numerics;
using System.Numerics.Tensors;

namespace TinyTensor.Kernels.Conv;

/// <summary>
/// Moves a batch between the layer's layout (N, C, P) and the product's layout (C, N·P), P = H·W: the convolution's
/// GEMM writes all samples of one output channel side by side. Generic over the element type T (double or float).
/// </summary>
internal static class ChannelLayout
{
    /// <summary>y (N, C, P) = t (C, N·P) + bias[c] on every element of channel c.</summary>
    public static void ToBatchMajor<T>(ReadOnlySpan<T> t, ReadOnlySpan<T> bias, int batch, int channels, int plane, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int ld = batch * plane;
        for (int n = 0; n < batch; n++)
        {
            for (int c = 0; c < channels; c++)
            {
                ReadOnlySpan<T> src = t.Slice((c * ld) + (n * plane), plane);
                Span<T> dst = y.Slice(((n * channels) + c) * plane, plane);
                TensorPrimitives.Add(src, bias[c], dst);
            }
        }
    }

    /// <summary>t (C, N·P) from y (N, C, P).</summary>
    public static void ToChannelMajor<T>(ReadOnlySpan<T> y, int batch, int channels, int plane, Span<T> t)
        where T : unmanaged, IFloatingPointIeee754<T>
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

    /// <summary>sums[c] = Σ t[c, j] over the N·P columns of row c of t (C, N·P): the bias gradient. Summed one after
    /// another from left to right in double (exact widening for float, so a float32 batch of 50,000 positions keeps
    /// its float32 accuracy instead of losing ≈ √(N·P) ulps), then rounded once to T.</summary>
    public static void RowSums<T>(ReadOnlySpan<T> t, int channels, int ld, Span<T> sums)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int c = 0; c < channels; c++)
        {
            double sum = 0;
            foreach (T v in t.Slice(c * ld, ld))
            {
                sum += double.CreateTruncating(v);
            }

            sums[c] = T.CreateTruncating(sum);
        }
    }
}
