using System.Numerics;
using System.Numerics.Tensors;

namespace TinyTensor.Kernels;

/// <summary>
/// The notebook's cross-entropy on probabilities: loss = mean_i −log p[i, y_i], and its gradient with respect to
/// the softmax input, (p − onehot(y)) / N, computed in the same pass over each row.
/// </summary>
internal static class CrossEntropyKernel
{
    /// <summary>probabilities and gradient are (rows, columns); labels has one checked class index per row.</summary>
    /// <remarks>The gradient is computed in the element type T; p[i, y_i] is widened to float64 (exactly) and its
    /// log, the sum and the mean are float64. For T = double this is exactly the float64 computation.</remarks>
    /// <param name="probabilities">The softmax output.</param>
    /// <param name="labels">The class of each row.</param>
    /// <param name="columns">The number of classes.</param>
    /// <param name="perRowLoss">At least <c>labels.Length</c> doubles for −log p[i, y_i].</param>
    /// <param name="gradient">Receives (p − onehot(y)) / N.</param>
    /// <returns>The mean of −log p[i, y_i]: NumPy's pairwise sum, then a division by N, as <c>np.mean</c>.
    /// The logarithms of all rows are taken in one vectorised call; −Σ log = Σ −log exactly, as negation does not
    /// round.</returns>
    public static double LossAndGradient<T>(ReadOnlySpan<T> probabilities, ReadOnlySpan<int> labels, int columns,
        Span<double> perRowLoss, Span<T> gradient)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = labels.Length;
        T n = T.CreateTruncating(rows);
        for (int i = 0; i < rows; i++)
        {
            int offset = i * columns;
            ReadOnlySpan<T> p = probabilities.Slice(offset, columns);
            Span<T> g = gradient.Slice(offset, columns);
            int label = labels[i];
            perRowLoss[i] = double.CreateTruncating(p[label]);
            for (int j = 0; j < p.Length; j++)
            {
                g[j] = p[j] / n;
            }

            // (p − 1) / N, not p/N − 1/N: the framework subtracts the one-hot before dividing.
            g[label] = (p[label] - T.One) / n;
        }

        Span<double> logs = perRowLoss[..rows];
        TensorPrimitives.Log(logs, logs);
        return -PairwiseSum.Sum(logs) / rows;
    }
}
