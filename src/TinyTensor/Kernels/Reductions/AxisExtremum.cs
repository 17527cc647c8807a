using System.Numerics.Tensors;
using TinyTensor.Kernels.Elementwise;

namespace TinyTensor.Kernels.Reductions;

/// <summary>
/// <c>np.max</c>/<c>np.min</c> along an axis: x is (outer, n, inner) with n ≥ 1, result (outer, inner). NaN wins
/// (NumPy propagates it). The order does not change a maximum, so rows use TensorPrimitives' vectorised reduction and
/// other axes a running elementwise maximum, slice after slice.
/// </summary>
internal static class AxisExtremum
{
    public static void Compute<TOp>(ReadOnlySpan<double> x, int outer, int n, int inner, Span<double> result)
        where TOp : IBinaryOperator
    {
        bool isMax = typeof(TOp) == typeof(MaximumOperator);
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++)
            {
                ReadOnlySpan<double> row = x.Slice(o * n, n);
                result[o] = isMax ? TensorPrimitives.Max(row) : TensorPrimitives.Min(row);
            }

            return;
        }

        for (int o = 0; o < outer; o++)
        {
            Span<double> target = result.Slice(o * inner, inner);
            ReadOnlySpan<double> block = x.Slice(o * n * inner, n * inner);
            block[..inner].CopyTo(target);
            for (int k = 1; k < n; k++)
            {
                BinaryKernel.Run<TOp>(target, block.Slice(k * inner, inner), target);
            }
        }
    }
}
