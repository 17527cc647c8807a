using System.Numerics;
using System.Numerics.Tensors;

namespace TinyTensor.Kernels.Reductions;

/// <summary>
/// <c>np.max</c>/<c>np.min</c> along an axis: x is (outer, n, inner) with n ≥ 1, result (outer, inner). NaN wins
/// (NumPy propagates it). The order does not change a maximum, so rows use TensorPrimitives' vectorised reduction and
/// other axes a running elementwise maximum (TensorPrimitives' NaN-propagating <c>Max</c>/<c>Min</c>), slice after
/// slice.
/// </summary>
internal static class AxisExtremum
{
    public static void Compute<T>(ReadOnlySpan<T> x, int outer, int n, int inner, bool max, Span<T> result)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++)
            {
                ReadOnlySpan<T> row = x.Slice(o * n, n);
                result[o] = max ? TensorPrimitives.Max(row) : TensorPrimitives.Min(row);
            }

            return;
        }

        for (int o = 0; o < outer; o++)
        {
            Span<T> target = result.Slice(o * inner, inner);
            ReadOnlySpan<T> block = x.Slice(o * n * inner, n * inner);
            block[..inner].CopyTo(target);
            for (int k = 1; k < n; k++)
            {
                ReadOnlySpan<T> slice = block.Slice(k * inner, inner);
                if (max)
                {
                    TensorPrimitives.Max(target, slice, target);
                }
                else
                {
                    TensorPrimitives.Min(target, slice, target);
                }
            }
        }
    }
}
