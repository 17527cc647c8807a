using System.Diagnostics;

namespace TinyTensor.Kernels.Shape;

/// <summary>Copies a strided view of contiguous storage into a contiguous destination (a transpose's gather), of
/// either element type (a copy moves bits, so one generic body serves both).</summary>
internal static class StridedCopy
{
    /// <summary>
    /// destination[i0, …, ik] = source[Σ i_d · sourceStrides[d]] for the row-major positions of <paramref name="shape"/>.
    /// An odometer over the outer axes; the last axis is a plain strided loop.
    /// </summary>
    public static void Gather<T>(ReadOnlySpan<T> source, ReadOnlySpan<int> shape, ReadOnlySpan<int> sourceStrides, Span<T> destination)
        where T : unmanaged
    {
        Debug.Assert(shape.Length == sourceStrides.Length);
        if (destination.IsEmpty)
        {
            return;
        }

        int rank = shape.Length;
        int inner = shape[rank - 1];
        int innerStride = sourceStrides[rank - 1];
        Span<int> counter = rank <= 32 ? stackalloc int[rank] : new int[rank];
        counter.Clear();
        int sourceBase = 0;
        for (int d = 0; d < destination.Length; d += inner)
        {
            Span<T> run = destination.Slice(d, inner);
            int s = sourceBase;
            for (int j = 0; j < run.Length; j++, s += innerStride)
            {
                run[j] = source[s];
            }

            // Advance the odometer over the outer axes (last outer axis fastest).
            for (int axis = rank - 2; axis >= 0; axis--)
            {
                sourceBase += sourceStrides[axis];
                if (++counter[axis] < shape[axis])
                {
                    break;
                }

                sourceBase -= sourceStrides[axis] * shape[axis];
                counter[axis] = 0;
            }
        }
    }
}
