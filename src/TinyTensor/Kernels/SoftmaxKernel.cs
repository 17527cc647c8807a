using System.Numerics.Tensors;

namespace TinyTensor.Kernels;

/// <summary>Row-wise softmax that subtracts each row's maximum first, so large logits do not overflow.</summary>
internal static class SoftmaxKernel
{
    /// <summary>x and y are (rows, columns), row-major; y may be x.</summary>
    /// <remarks>
    /// Per row, in NumPy's order: m = max(x), e = exp(x − m), s = Σ e (pairwise, as <c>np.sum(axis=1)</c>),
    /// y = e / s (a true division, not a multiplication by 1/s, to keep NumPy's rounding).
    /// <c>TensorPrimitives.SoftMax</c> is not used: it does not subtract the maximum.
    /// </remarks>
    public static void Forward(ReadOnlySpan<double> x, Span<double> y, int rows, int columns)
    {
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<double> xRow = x.Slice(r * columns, columns);
            Span<double> yRow = y.Slice(r * columns, columns);
            double max = TensorPrimitives.Max(xRow);
            TensorPrimitives.Subtract(xRow, max, yRow);
            TensorPrimitives.Exp(yRow, yRow);
            double sum = PairwiseSum.Sum(yRow);
            TensorPrimitives.Divide(yRow, sum, yRow);
        }
    }
}
