using System.Numerics.Tensors;

namespace TinyTensor.Kernels;

/// <summary>
/// Cross-entropy on logits by log-sum-exp: per row, loss = log Σ_j exp(x_j − m) − (x_y − m) with m = max_j x_j, so
/// no exp overflows (every exponent is ≤ 0) and no log of an underflowed probability is taken.
/// </summary>
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
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<double> x = logits.Slice(r * columns, columns);
            Span<double> p = probabilities.Slice(r * columns, columns);
            double max = TensorPrimitives.Max(x);
            TensorPrimitives.Subtract(x, max, p);
            double shiftedTrue = p[labels[r]];
            TensorPrimitives.Exp(p, p);
            double sum = PairwiseSum.Sum(p);
            TensorPrimitives.Divide(p, sum, p);
            perRowLoss[r] = Math.Log(sum) - shiftedTrue;
        }

        return PairwiseSum.Sum(perRowLoss[..rows]) / rows;
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
