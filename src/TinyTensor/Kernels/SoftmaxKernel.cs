using System.Numerics.Tensors;

namespace TinyTensor.Kernels;

/// <summary>Row-wise softmax that subtracts each row's maximum first, so large logits do not overflow.</summary>
internal static class SoftmaxKernel
{
    /// <summary>x and y are (rows, columns), row-major; y may be x.</summary>
    /// <remarks>
    /// Per row, in NumPy's order: m = max(x), e = exp(x − m), s = Σ e (pairwise, as <c>np.sum(axis=1)</c>),
    /// y = e / s (a true division, not a multiplication by 1/s, to keep NumPy's rounding).
    /// The exponentials of all rows are taken in one <c>TensorPrimitives.Exp</c>
    /// call: a call per row costs more than the arithmetic when rows are short (3 or 10 classes).
    /// <c>TensorPrimitives.SoftMax</c> is not used: it does not subtract the maximum.
    /// </remarks>
    public static void Forward(ReadOnlySpan<double> x, Span<double> y, int rows, int columns)
    {
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<double> xRow = x.Slice(r * columns, columns);
            Span<double> yRow = y.Slice(r * columns, columns);
            double max = RowMax(xRow);
            for (int j = 0; j < xRow.Length; j++)
            {
                yRow[j] = xRow[j] - max;
            }
        }

        int length = rows * columns;
        TensorPrimitives.Exp(y[..length], y[..length]);

        for (int r = 0; r < rows; r++)
        {
            Span<double> yRow = y.Slice(r * columns, columns);
            double sum = PairwiseSum.Sum(yRow);
            for (int j = 0; j < yRow.Length; j++)
            {
                yRow[j] /= sum;
            }
        }
    }

    /// <summary>The maximum, NaN if any element is NaN (as <c>np.max</c>).</summary>
    private static double RowMax(ReadOnlySpan<double> row)
    {
        if (row.Length >= 32)
        {
            return TensorPrimitives.Max(row);
        }

        double max = row[0];
        for (int j = 1; j < row.Length; j++)
        {
            double v = row[j];
            if (v > max || double.IsNaN(v))
            {
                max = v;
                if (double.IsNaN(v))
                {
                    break;
                }
            }
        }

        return max;
    }
}
