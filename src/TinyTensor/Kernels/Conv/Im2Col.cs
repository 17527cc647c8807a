using System.Diagnostics;
using System.Numerics;

namespace TinyTensor.Kernels.Conv;

/// <summary>
/// im2col and its adjoint col2im for a square kernel: a convolution becomes one matrix product (Caffe's and
/// PyTorch's CPU layout).
/// </summary>
/// <remarks>
/// One sample x is (C, H, W); its columns are the block (C·k·k, H'·W') of a matrix with leading dimension
/// <c>ld</c> (the batch's columns side by side: sample n starts at column n·H'·W'). Row (c, i, j) holds, for each
/// output position (oh, ow), x[c, oh·s − p + i, ow·s − p + j], or 0 where that falls in the padding.
/// Spans and sizes only, no checks: the layer checks shapes. Generic over the element type T (double or float): moves
/// and additions only, the same operations in the same order for both.
/// </remarks>
internal static class Im2Col
{
    /// <summary>Writes the columns of one sample. x is (C, H, W); cols is (C·k·k, ld), this sample's block first.</summary>
    public static void Gather<T>(ReadOnlySpan<T> x, int channels, int height, int width, int kernel, int stride, int padding,
        int outHeight, int outWidth, Span<T> cols, int ld)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Debug.Assert(x.Length >= channels * height * width);
        int row = 0;
        for (int c = 0; c < channels; c++)
        {
            ReadOnlySpan<T> plane = x.Slice(c * height * width, height * width);
            for (int i = 0; i < kernel; i++)
            {
                for (int j = 0; j < kernel; j++, row++)
                {
                    Span<T> dst = cols.Slice(row * ld, outHeight * outWidth);
                    (int lo, int hi) = ValidRange(j, stride, padding, width, outWidth);
                    for (int oh = 0; oh < outHeight; oh++)
                    {
                        Span<T> line = dst.Slice(oh * outWidth, outWidth);
                        int ih = (oh * stride) - padding + i;
                        if ((uint)ih >= (uint)height || lo >= hi)
                        {
                            line.Clear();
                            continue;
                        }

                        line[..lo].Clear();
                        line[hi..].Clear();
                        ReadOnlySpan<T> src = plane.Slice(ih * width, width);
                        int iw = (lo * stride) - padding + j;
                        if (stride == 1)
                        {
                            src.Slice(iw, hi - lo).CopyTo(line[lo..hi]);
                        }
                        else
                        {
                            for (int ow = lo; ow < hi; ow++, iw += stride)
                            {
                                line[ow] = src[iw];
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>The adjoint of <see cref="Gather"/>: dx = Σ over the columns that read each element. dx is (C, H, W) and
    /// is overwritten; the additions run in the fixed order of rows (c, i, j), then (oh, ow).</summary>
    public static void Scatter<T>(ReadOnlySpan<T> cols, int ld, int channels, int height, int width, int kernel, int stride, int padding,
        int outHeight, int outWidth, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        dx[..(channels * height * width)].Clear();
        int row = 0;
        for (int c = 0; c < channels; c++)
        {
            Span<T> plane = dx.Slice(c * height * width, height * width);
            for (int i = 0; i < kernel; i++)
            {
                for (int j = 0; j < kernel; j++, row++)
                {
                    ReadOnlySpan<T> src = cols.Slice(row * ld, outHeight * outWidth);
                    (int lo, int hi) = ValidRange(j, stride, padding, width, outWidth);
                    for (int oh = 0; oh < outHeight; oh++)
                    {
                        int ih = (oh * stride) - padding + i;
                        if ((uint)ih >= (uint)height || lo >= hi)
                        {
                            continue;
                        }

                        Span<T> line = plane.Slice(ih * width, width);
                        ReadOnlySpan<T> values = src.Slice(oh * outWidth, outWidth);
                        int iw = (lo * stride) - padding + j;
                        for (int ow = lo; ow < hi; ow++, iw += stride)
                        {
                            line[iw] += values[ow];
                        }
                    }
                }
            }
        }
    }

    /// <summary>The output columns [lo, hi) whose input column ow·s − p + j lies inside [0, width).</summary>
    private static (int Lo, int Hi) ValidRange(int j, int stride, int padding, int width, int outWidth)
    {
        // ow·s ≥ p − j  ⇔  ow ≥ ⌈(p − j) / s⌉;   ow·s < width + p − j  ⇔  ow ≤ ⌊(width + p − j − 1) / s⌋.
        int lo = padding - j <= 0 ? 0 : (padding - j + stride - 1) / stride;
        int last = width + padding - j - 1;
        int hi = last < 0 ? 0 : Math.Min(outWidth, (last / stride) + 1);
        return (Math.Min(lo, hi), hi);
    }
}
