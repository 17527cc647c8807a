using System.Numerics;
using System.Numerics.Tensors;

namespace TinyTensor.Kernels.Reductions;

/// <summary>
/// The middle of NumPy's <c>_var</c> (numpy/core/_methods.py): <c>x = arr - arrmean</c>, then <c>x = x * x</c>, both in
/// the element type, each rounded once (no fused multiply-add), so the squares are NumPy's bits in float64 and float32.
/// x is (outer, n, inner) around the reduced axis, mean is (outer, inner) (the mean with kept dims), squares is x's
/// shape.
/// </summary>
internal static class SquaredDeviations
{
    public static void Compute<T>(ReadOnlySpan<T> x, int outer, int n, int inner, ReadOnlySpan<T> mean, Span<T> squares)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int o = 0; o < outer; o++)
        {
            if (inner == 1)
            {
                TensorPrimitives.Subtract(x.Slice(o * n, n), mean[o], squares.Slice(o * n, n));
                continue;
            }

            ReadOnlySpan<T> m = mean.Slice(o * inner, inner);
            for (int k = 0; k < n; k++)
            {
                int start = ((o * n) + k) * inner;
                TensorPrimitives.Subtract(x.Slice(start, inner), m, squares.Slice(start, inner));
            }
        }

        TensorPrimitives.Multiply(squares, squares, squares);
    }
}
