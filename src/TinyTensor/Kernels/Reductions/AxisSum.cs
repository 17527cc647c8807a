using TinyTensor.Kernels.Elementwise;

namespace TinyTensor.Kernels.Reductions;

/// <summary>
/// <c>np.sum(x, axis)</c> in NumPy's order. x is (outer, n, inner) around the reduced axis of length n; sums is
/// (outer, inner).
/// </summary>
/// <remarks>
/// What NumPy 1.24 does (checked on 2-D and 3-D arrays along every axis): when the reduced axis is innermost
/// (inner = 1, after dropping trailing axes of length 1) each output is one <see cref="PairwiseSum.ChunkedSum"/> of its
/// contiguous row; otherwise each output starts at 0.0 and the slices along the axis are added one after another,
/// which is one vectorised pass of <c>sums[o, :] += x[o, k, :]</c> per k.
/// </remarks>
internal static class AxisSum
{
    public static void Compute(ReadOnlySpan<double> x, int outer, int n, int inner, Span<double> sums)
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
            Span<double> target = sums.Slice(o * inner, inner);
            ReadOnlySpan<double> block = x.Slice(o * n * inner, n * inner);
            for (int k = 0; k < n; k++)
            {
                BinaryKernel.Run<AddOperator>(target, block.Slice(k * inner, inner), target);
            }
        }
    }
}
