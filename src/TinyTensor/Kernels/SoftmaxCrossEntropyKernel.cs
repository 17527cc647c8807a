using System.Numerics;
using System.Numerics.Tensors;

namespace TinyTensor.Kernels;

/// <summary>
/// Cross-entropy on logits by log-sum-exp: per row, loss = log Σ_j exp(x_j − m) − (x_y − m) with m = max_j x_j, so
/// no exp overflows (every exponent is ≤ 0) and no log of an underflowed probability is taken.
/// </summary>
internal static class SoftmaxCrossEntropyKernel
{
    /// <summary>
    /// The loss and its gradient in one pass per row: softmax, the row's loss, and (softmax − onehot) / N written
    /// straight into <paramref name="gradient"/>. logits and gradient are (rows, columns); labels are checked.
    /// </summary>
    /// <remarks>In the element type T: m, x − m, exp(x − m) and the gradient. In float64: Σ exp (<see cref="WideSum"/>),
    /// its log, each row's loss and their mean. For T = double this is exactly the float64 computation.</remarks>
    /// <param name="logits">The scores, read only.</param>
    /// <param name="labels">The class of each row.</param>
    /// <param name="columns">The number of classes.</param>
    /// <param name="gradient">Receives dL/d(logits) = (softmax(logits) − onehot(labels)) / N.</param>
    /// <param name="perRowLoss">At least <c>labels.Length</c> doubles of scratch.</param>
    /// <returns>The mean loss (pairwise sum of the rows, then a division by N, as <c>np.mean</c>).</returns>
    public static double LossAndGradient<T>(ReadOnlySpan<T> logits, ReadOnlySpan<int> labels, int columns,
        Span<T> gradient, Span<double> perRowLoss)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = labels.Length;
        T n = T.CreateTruncating(rows);
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> x = logits.Slice(r * columns, columns);
            Span<T> g = gradient.Slice(r * columns, columns);
            int label = labels[r];
            T max = TensorPrimitives.Max(x);
            TensorPrimitives.Subtract(x, max, g);
            double shiftedTrue = double.CreateTruncating(g[label]);
            TensorPrimitives.Exp(g, g);
            double wideSum = WideSum.Of<T>(g);
            perRowLoss[r] = Math.Log(wideSum) - shiftedTrue;
            T sum = T.CreateTruncating(wideSum);
            for (int j = 0; j < g.Length; j++)
            {
                // (p − 1) / N for the true class, as the notebook's loss: the one-hot goes before the division.
                T p = g[j] / sum;
                g[j] = (j == label ? p - T.One : p) / n;
            }
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
