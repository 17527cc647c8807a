using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TinyTensor.Kernels.Reductions;

/// <summary>
/// <c>np.sum(x, axis)</c> in NumPy's order, in the element type T (NumPy sums float32 in float32). x is
/// (outer, n, inner) around the reduced axis of length n; sums is (outer, inner).
/// </summary>
/// <remarks>
/// What NumPy 1.24 does (checked on 2-D and 3-D arrays along every axis, float64 and float32): when the reduced axis is
/// innermost (inner = 1, after dropping trailing axes of length 1) each output is one
/// <see cref="PairwiseSum.ChunkedSum{T}"/> of its contiguous row; otherwise each output starts at 0 and the slices along
/// the axis are added one after another, which is one vectorised pass of <c>sums[o, :] += x[o, k, :]</c> per k (each
/// addition rounded once, so the vector width does not change a bit).
/// </remarks>
internal static class AxisSum
{
    public static void Compute<T>(ReadOnlySpan<T> x, int outer, int n, int inner, Span<T> sums)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++)
            {
                sums[o] = PairwiseSum.ChunkedSum(x.Slice(o * n, n));
            }

            return;
        }

        sums.Clear();
        for (int o = 0; o < outer; o++)
        {
            Span<T> target = sums.Slice(o * inner, inner);
            ReadOnlySpan<T> block = x.Slice(o * n * inner, n * inner);
            int k = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; k + 4 <= n; k += 4)
                {
                    AddFourSlices(target, block.Slice(k * inner, 4 * inner));
                }
            }

            for (; k < n; k++)
            {
                TensorPrimitives.Add(target, block.Slice(k * inner, inner), target);
            }
        }
    }

    /// <summary>
    /// t = (((t + s₀) + s₁) + s₂) + s₃ for four consecutive slices of t's length: the same additions in the same order
    /// as four passes, but t is loaded and stored once per four slices, in registers in between.
    /// </summary>
    private static void AddFourSlices<T>(Span<T> t, ReadOnlySpan<T> slices)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int inner = t.Length;
        int w = Vector512<T>.Count;
        ref T target = ref MemoryMarshal.GetReference(t);
        ref T s0 = ref MemoryMarshal.GetReference(slices);
        nuint stride = (nuint)inner;
        nuint j = 0;
        for (; j + (nuint)w <= (nuint)inner; j += (nuint)w)
        {
            Vector512<T> acc = Vector512.LoadUnsafe(ref target, j);
            acc += Vector512.LoadUnsafe(ref s0, j);
            acc += Vector512.LoadUnsafe(ref s0, j + stride);
            acc += Vector512.LoadUnsafe(ref s0, j + (2 * stride));
            acc += Vector512.LoadUnsafe(ref s0, j + (3 * stride));
            acc.StoreUnsafe(ref target, j);
        }

        for (int r = (int)j; r < inner; r++)
        {
            t[r] = (((t[r] + slices[r]) + slices[inner + r]) + slices[(2 * inner) + r]) + slices[(3 * inner) + r];
        }
    }
}
