using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;

namespace TinyTensor.Kernels.Elementwise;

/// <summary>
/// NumPy broadcasting as vectorised runs, in either element type. The shapes are aligned on their trailing dimensions; output axes of
/// length 1 are dropped and neighbouring axes merged wherever both operands step through them contiguously or both
/// stretch them (NumPy's iterator coalescing). What is left is an odometer over a few outer axes, each step running
/// <see cref="BinaryKernel"/> over the innermost axis with each operand streamed or broadcast: a row-vector bias is
/// one SIMD pass per row, a column vector a broadcast scalar per row, a same-shape op one pass over everything.
/// </summary>
internal static class BroadcastKernel
{
    /// <summary>Longest rank handled with stack buffers; higher ranks (rare) allocate their bookkeeping.</summary>
    private const int StackRank = 16;

    /// <summary>The broadcast shape of <paramref name="a"/> and <paramref name="b"/> into <paramref name="result"/>
    /// (length max of the ranks); false when an aligned pair differs and neither is 1.</summary>
    public static bool TryShape(ReadOnlySpan<int> a, ReadOnlySpan<int> b, Span<int> result)
    {
        int rank = result.Length;
        Debug.Assert(rank == Math.Max(a.Length, b.Length));
        for (int k = 0; k < rank; k++)
        {
            int da = Aligned(a, k, rank);
            int db = Aligned(b, k, rank);
            if (da != db && da != 1 && db != 1)
            {
                return false;
            }

            result[k] = da == 1 ? db : da;
        }

        return true;
    }

    /// <summary>d = op(x, y) with x and y broadcast to d's shape (which <see cref="TryShape"/> gave).</summary>
    public static void Run<TOp, T>(ReadOnlySpan<T> x, ReadOnlySpan<int> xShape, ReadOnlySpan<T> y, ReadOnlySpan<int> yShape,
        Span<T> d, ReadOnlySpan<int> dShape)
        where TOp : IBinaryOperator
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (d.IsEmpty)
        {
            return;
        }

        if (x.Length == d.Length && y.Length == d.Length)
        {
            BinaryKernel.Run<TOp, T>(x, y, d);
            return;
        }

        int rank = dShape.Length;
        Span<int> buffer = rank <= StackRank ? stackalloc int[3 * StackRank] : new int[3 * rank];
        Span<int> sizes = buffer[..rank];
        Span<int> xStrides = buffer.Slice(rank, rank);
        Span<int> yStrides = buffer.Slice(2 * rank, rank);
        int axes = Coalesce(xShape, yShape, dShape, sizes, xStrides, yStrides);

        ref T x0 = ref MemoryMarshal.GetReference(x);
        ref T y0 = ref MemoryMarshal.GetReference(y);
        ref T d0 = ref MemoryMarshal.GetReference(d);
        int last = axes - 1;
        switch (xStrides[last], yStrides[last])
        {
            case (1, 1):
                Outer<TOp, T, Streamed, Streamed>(ref x0, ref y0, ref d0, d.Length, sizes[..axes], xStrides[..axes], yStrides[..axes]);
                break;
            case (1, 0):
                Outer<TOp, T, Streamed, Broadcast>(ref x0, ref y0, ref d0, d.Length, sizes[..axes], xStrides[..axes], yStrides[..axes]);
                break;
            case (0, 1):
                Outer<TOp, T, Broadcast, Streamed>(ref x0, ref y0, ref d0, d.Length, sizes[..axes], xStrides[..axes], yStrides[..axes]);
                break;
            default:
                Outer<TOp, T, Broadcast, Broadcast>(ref x0, ref y0, ref d0, d.Length, sizes[..axes], xStrides[..axes], yStrides[..axes]);
                break;
        }
    }

    /// <summary>The odometer over all axes but the last; one vectorised run per step.</summary>
    private static void Outer<TOp, T, TX, TY>(ref T x, ref T y, ref T d, int total,
        ReadOnlySpan<int> sizes, ReadOnlySpan<int> xStrides, ReadOnlySpan<int> yStrides)
        where TOp : IBinaryOperator
        where T : unmanaged, IFloatingPointIeee754<T>
        where TX : IOperand
        where TY : IOperand
    {
        int last = sizes.Length - 1;
        int run = sizes[last];
        Span<int> counter = sizes.Length <= StackRank ? stackalloc int[StackRank] : new int[sizes.Length];
        counter.Clear();
        int xOffset = 0, yOffset = 0;
        for (int dOffset = 0; dOffset < total; dOffset += run)
        {
            BinaryKernel.Run<TOp, T, TX, TY>(
                ref System.Runtime.CompilerServices.Unsafe.Add(ref x, xOffset),
                ref System.Runtime.CompilerServices.Unsafe.Add(ref y, yOffset),
                ref System.Runtime.CompilerServices.Unsafe.Add(ref d, dOffset), run);

            for (int axis = last - 1; axis >= 0; axis--)
            {
                xOffset += xStrides[axis];
                yOffset += yStrides[axis];
                if (++counter[axis] < sizes[axis])
                {
                    break;
                }

                xOffset -= xStrides[axis] * sizes[axis];
                yOffset -= yStrides[axis] * sizes[axis];
                counter[axis] = 0;
            }
        }
    }

    /// <summary>
    /// Fills (size, x stride, y stride) per merged axis, outermost first, and returns how many there are (at least
    /// one). A stride is 0 where the operand is stretched. Axes of output length 1 are dropped; an axis merges into
    /// the one outside it when, for both operands, the outer stride equals the inner stride times the inner size.
    /// </summary>
    private static int Coalesce(ReadOnlySpan<int> xShape, ReadOnlySpan<int> yShape, ReadOnlySpan<int> dShape,
        Span<int> sizes, Span<int> xStrides, Span<int> yStrides)
    {
        int rank = dShape.Length;

        // Row-major strides of each operand, aligned to the output's axes; 0 where stretched (or missing).
        int xStride = 1, yStride = 1;
        for (int k = rank - 1; k >= 0; k--)
        {
            int dx = Aligned(xShape, k, rank);
            int dy = Aligned(yShape, k, rank);
            xStrides[k] = dx == 1 ? 0 : xStride;
            yStrides[k] = dy == 1 ? 0 : yStride;
            xStride *= dx;
            yStride *= dy;
        }

        int axes = 0;
        for (int k = 0; k < rank; k++)
        {
            int size = dShape[k];
            if (size == 1)
            {
                continue;
            }

            if (axes > 0 && xStrides[axes - 1] == xStrides[k] * size && yStrides[axes - 1] == yStrides[k] * size)
            {
                sizes[axes - 1] *= size;
                xStrides[axes - 1] = xStrides[k];
                yStrides[axes - 1] = yStrides[k];
                continue;
            }

            sizes[axes] = size;
            xStrides[axes] = xStrides[k];
            yStrides[axes] = yStrides[k];
            axes++;
        }

        if (axes == 0)
        {
            sizes[0] = 1;
            xStrides[0] = 0;
            yStrides[0] = 0;
            axes = 1;
        }

        return axes;
    }

    /// <summary>Dimension k of a shape aligned on the right with a rank-<paramref name="rank"/> shape (1 where missing).</summary>
    private static int Aligned(ReadOnlySpan<int> shape, int k, int rank)
    {
        int j = k - (rank - shape.Length);
        return j >= 0 ? shape[j] : 1;
    }
}
