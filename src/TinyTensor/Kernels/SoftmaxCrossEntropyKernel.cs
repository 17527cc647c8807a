using System.Numerics.Tensors;

namespace TinyTensor.Kernels;

/// <summary>
/// Cross-entropy on logits by log-sum-exp: per row, loss = log Σ_j exp(x_j − m) − (x_y − m) with m = max_j x_j, so
/// no exp overflows (every exponent is ≤ 0) and no log of an underflowed probability is taken. The gradient with
/// respect to the logits is (softmax(x) − onehot(y)) / N.
/// </summary>
/// <remarks>Self-contained on purpose: the notebook's <see cref="CrossEntropyKernel"/> and
/// <see cref="SoftmaxKernel"/> are tuned for bit parity with NumPy and may change shape independently.</remarks>
internal static class SoftmaxCrossEntropyKernel
{
    /// <summary>logits and probabilities are (rows, columns); labels are already checked.</summary>
    /// <param name="logits">The scores, read only.</param>
    /// <param name="labels">The class of each row.</param>
    /// <param name="columns">The number of classes.</param>
    /// <param name="probabilities">Receives softmax(logits), kept for the gradient.</param>
    /// <param name="perRowLoss">At least <c>labels.Length</c> doubles of scratch.</param>
    /// <returns>The mean loss (pairwise sum of the rows, then a division by N, as <c>np.mean</c>).</returns>
    public static double Forward(ReadOnlySpan<double> logits, ReadOnlySpan<int> labels, int columns,
        Span<double> probabilities, Span<double> perRowLoss)
    {
        int rows = labels.Length;
        int length = rows * columns;

        // Shift every row by its maximum and remember the true class's shifted logit (it is ≤ 0)...
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<double> x = logits.Slice(r * columns, columns);
            Span<double> p = probabilities.Slice(r * columns, columns);
            TensorPrimitives.Subtract(x, TensorPrimitives.Max(x), p);
            perRowLoss[r] = p[labels[r]];
        }

        // ...then one exp call for the whole batch: a call per short row (10 classes) costs more than the arithmetic.
        TensorPrimitives.Exp(probabilities[..length], probabilities[..length]);

        for (int r = 0; r < rows; r++)
        {
            Span<double> p = probabilities.Slice(r * columns, columns);
            double sum = PairwiseSum.Sum(p);
            TensorPrimitives.Divide(p, sum, p);
            perRowLoss[r] = Math.Log(sum) - perRowLoss[r];
        }

        return PairwiseSum.Sum(perRowLoss[..rows]) / rows;
    }

    /// <summary>gradient = (probabilities − onehot(labels)) / N; both (rows, columns).</summary>
    public static void Gradient(ReadOnlySpan<double> probabilities, ReadOnlySpan<int> labels, int columns, Span<double> gradient)
    {
        int rows = labels.Length;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<double> p = probabilities.Slice(r * columns, columns);
            Span<double> g = gradient.Slice(r * columns, columns);
            int label = labels[r];

            // A true division, as the notebook's (p − onehot) / N, so both losses give the same gradient bits.
            TensorPrimitives.Divide(p, rows, g);
            g[label] = (p[label] - 1.0) / rows;
        }
    }

    /// <summary>The scalar definition of one row's loss, the oracle of the tests.</summary>
    public static double RowLossScalar(ReadOnlySpan<double> x, int label)
    {
        double max = double.NegativeInfinity;
        foreach (double v in x)
        {
            max = Math.Max(max, v);
        }

        double sum = 0.0;
        foreach (double v in x)
        {
            sum += Math.Exp(v - max);
        }

        return Math.Log(sum) - (x[label] - max);
    }
}
