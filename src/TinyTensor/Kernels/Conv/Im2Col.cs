using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
                            Debug.Assert(iw + (hi - lo) <= width);
                            CopyShort(ref Unsafe.Add(ref MemoryMarshal.GetReference(src), iw), ref Unsafe.Add(ref MemoryMarshal.GetReference(line), lo), hi - lo);
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
                        if (stride == 1)
                        {
                            Debug.Assert(iw + (hi - lo) <= width);
                            AddShort(ref Unsafe.Add(ref MemoryMarshal.GetReference(values), lo), ref Unsafe.Add(ref MemoryMarshal.GetReference(line), iw), hi - lo);
                            continue;
                        }

                        for (int ow = lo; ow < hi; ow++, iw += stride)
                        {
                            line[iw] += values[ow];
                        }
                    }
                }
            }
        }
    }

    /// <summary>Copies <paramref name="count"/> elements of a short line (an output row of a feature map: 14 or 28
    /// elements for MNIST-sized maps) with whole vectors, the last one overlapping the one before.</summary>
    /// <remarks>Span slicing and <c>CopyTo</c> per line cost more than the copy itself at these lengths: the default
    /// CNN's second im2col (144 rows × 14 lines × 64 samples of 14 elements) spent most of its forward pass there.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyShort<T>(ref T source, ref T destination, int count)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Vector256.IsHardwareAccelerated && count >= Vector256<T>.Count)
        {
            int last = count - Vector256<T>.Count;
            for (int k = 0; k < last; k += Vector256<T>.Count)
            {
                Vector256.LoadUnsafe(ref source, (nuint)k).StoreUnsafe(ref destination, (nuint)k);
            }

            Vector256.LoadUnsafe(ref source, (nuint)last).StoreUnsafe(ref destination, (nuint)last);
            return;
        }

        for (int k = 0; k < count; k++)
        {
            Unsafe.Add(ref destination, k) = Unsafe.Add(ref source, k);
        }
    }

    /// <summary>destination[k] += values[k] for a short line: whole vectors, then single elements (each element is
    /// added once, in the same operation as the scalar loop, so the bits are the same).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddShort<T>(ref T values, ref T destination, int count)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; k <= count - Vector256<T>.Count; k += Vector256<T>.Count)
            {
                (Vector256.LoadUnsafe(ref destination, (nuint)k) + Vector256.LoadUnsafe(ref values, (nuint)k)).StoreUnsafe(ref destination, (nuint)k);
            }
        }

        for (; k < count; k++)
        {
            Unsafe.Add(ref destination, k) += Unsafe.Add(ref values, k);
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
