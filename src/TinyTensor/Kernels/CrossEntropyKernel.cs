namespace TinyTensor.Kernels;

/// <summary>
/// The notebook's cross-entropy on probabilities: loss = mean_i −log p[i, y_i], and its gradient with respect to
/// the softmax input, (p − onehot(y)) / N.
/// </summary>
internal static class CrossEntropyKernel
{
    /// <summary>probabilities is (rows, columns); labels has one class index per row, already checked.</summary>
    /// <param name="probabilities">The softmax output.</param>
    /// <param name="labels">The class of each row.</param>
    /// <param name="columns">The number of classes.</param>
    /// <param name="scratch">At least <c>labels.Length</c> doubles for the per-row losses.</param>
    /// <returns>The mean of −log p[i, y_i] with NumPy's pairwise summation, then a division by N.</returns>
    public static double Loss(ReadOnlySpan<double> probabilities, ReadOnlySpan<int> labels, int columns, Span<double> scratch)
    {
        int rows = labels.Length;
        Span<double> perRow = scratch[..rows];
        for (int i = 0; i < rows; i++)
        {
            perRow[i] = -Math.Log(probabilities[(i * columns) + labels[i]]);
        }

        return PairwiseSum.Sum(perRow) / rows;
    }

    /// <summary>gradient = (probabilities − onehot(labels)) / N; both (rows, columns).</summary>
    public static void Gradient(ReadOnlySpan<double> probabilities, ReadOnlySpan<int> labels, int columns, Span<double> gradient)
    {
        int rows = labels.Length;
        for (int i = 0; i < rows; i++)
        {
            int offset = i * columns;
            for (int j = 0; j < columns; j++)
            {
                double p = probabilities[offset + j];
                gradient[offset + j] = (j == labels[i] ? p - 1.0 : p) / rows;
            }
        }
    }
}
