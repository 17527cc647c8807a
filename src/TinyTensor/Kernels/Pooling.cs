using System.Numerics;

namespace TinyTensor.Kernels;

/// <summary>
/// 2-D max and average pooling over planes (N·C planes of H × W), square windows, no padding, floor mode:
/// H' = ⌊(H − k) / s⌋ + 1. Spans and sizes only, no checks. Generic over the element type T (double or float):
/// one body, the same comparisons and additions in the same order for both.
/// </summary>
internal static class Pooling
{
    /// <summary>y (planes, H', W') = window maxima; <paramref name="argMax"/> gets each maximum's index within its
    /// plane. The first maximum wins on ties and NaN propagates, as PyTorch's CPU kernel
    /// (<c>if (val &gt; maxval || isnan(val))</c>, starting from the window's first element).</summary>
    public static void MaxForward<T>(ReadOnlySpan<T> x, int planes, int height, int width, int kernel, int stride,
        int outHeight, int outWidth, Span<T> y, Span<int> argMax)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int p = 0; p < planes; p++)
        {
            ReadOnlySpan<T> plane = x.Slice(p * height * width, height * width);
            int o = p * outHeight * outWidth;
            for (int oh = 0; oh < outHeight; oh++)
            {
                for (int ow = 0; ow < outWidth; ow++, o++)
                {
                    int start = (oh * stride * width) + (ow * stride);
                    int best = start;
                    T max = T.NegativeInfinity;
                    for (int i = 0; i < kernel; i++)
                    {
                        int rowStart = start + (i * width);
                        for (int j = 0; j < kernel; j++)
                        {
                            T v = plane[rowStart + j];
                            if (v > max || T.IsNaN(v))
                            {
                                max = v;
                                best = rowStart + j;
                            }
                        }
                    }

                    y[o] = max;
                    argMax[o] = best;
                }
            }
        }
    }

    /// <summary>dx (planes, H, W) = dy routed to each window's maximum (overwritten; overlapping windows add).</summary>
    public static void MaxBackward<T>(ReadOnlySpan<T> dy, ReadOnlySpan<int> argMax, int planes, int height, int width,
        int outHeight, int outWidth, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        dx[..(planes * height * width)].Clear();
        int outPlane = outHeight * outWidth;
        for (int p = 0; p < planes; p++)
        {
            Span<T> plane = dx.Slice(p * height * width, height * width);
            for (int o = p * outPlane, end = o + outPlane; o < end; o++)
            {
                plane[argMax[o]] += dy[o];
            }
        }
    }

    /// <summary>y (planes, H', W') = window sums (row by row) divided by k².</summary>
    public static void AverageForward<T>(ReadOnlySpan<T> x, int planes, int height, int width, int kernel, int stride,
        int outHeight, int outWidth, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T count = T.CreateTruncating(kernel * kernel);
        for (int p = 0; p < planes; p++)
        {
            ReadOnlySpan<T> plane = x.Slice(p * height * width, height * width);
            int o = p * outHeight * outWidth;
            for (int oh = 0; oh < outHeight; oh++)
            {
                for (int ow = 0; ow < outWidth; ow++, o++)
                {
                    int start = (oh * stride * width) + (ow * stride);
                    T sum = T.Zero;
                    for (int i = 0; i < kernel; i++)
                    {
                        for (int j = 0; j < kernel; j++)
                        {
                            sum += plane[start + (i * width) + j];
                        }
                    }

                    y[o] = sum / count;
                }
            }
        }
    }

    /// <summary>dx (planes, H, W): each window's dy / k² added to its elements (overwritten first).</summary>
    public static void AverageBackward<T>(ReadOnlySpan<T> dy, int planes, int height, int width, int kernel, int stride,
        int outHeight, int outWidth, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        dx[..(planes * height * width)].Clear();
        T count = T.CreateTruncating(kernel * kernel);
        for (int p = 0; p < planes; p++)
        {
            Span<T> plane = dx.Slice(p * height * width, height * width);
            int o = p * outHeight * outWidth;
            for (int oh = 0; oh < outHeight; oh++)
            {
                for (int ow = 0; ow < outWidth; ow++, o++)
                {
                    T share = dy[o] / count;
                    int start = (oh * stride * width) + (ow * stride);
                    for (int i = 0; i < kernel; i++)
                    {
                        for (int j = 0; j < kernel; j++)
                        {
                            plane[start + (i * width) + j] += share;
                        }
                    }
                }
            }
        }
    }
}
