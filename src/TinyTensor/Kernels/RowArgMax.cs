namespace TinyTensor.Kernels;

/// <summary>The index of the largest element of each row, as <c>np.argmax(x, axis=1)</c>.</summary>
internal static class RowArgMax
{
    /// <summary>x is (rows, columns). The first index wins a tie; the first NaN wins over any number.</summary>
    public static void Compute(ReadOnlySpan<double> x, int rows, int columns, Span<int> indices)
    {
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<double> row = x.Slice(r * columns, columns);
            int best = 0;
            double bestValue = row[0];
            if (!double.IsNaN(bestValue))
            {
                for (int j = 1; j < row.Length; j++)
                {
                    if (double.IsNaN(row[j]))
                    {
                        best = j;
                        break;
                    }

                    if (row[j] > bestValue)
                    {
                        best = j;
                        bestValue = row[j];
                    }
                }
            }

            indices[r] = best;
        }
    }
}
