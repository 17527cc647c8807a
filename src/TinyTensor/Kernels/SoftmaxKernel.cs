using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TinyTensor.Kernels;

/// <summary>Row-wise softmax that subtracts each row's maximum first, so large logits do not overflow.</summary>
internal static class SoftmaxKernel
{
    /// <summary>Rows at least this long use the vectorised TensorPrimitives reductions; shorter rows (the usual
    /// 3 or 10 classes) a plain loop, as a library call per row costs more than the arithmetic.</summary>
    private const int VectorRowLength = 32;

    /// <summary>x and y are (rows, columns), row-major; y may be x.</summary>
    /// <remarks>
    /// Per row, in NumPy's order: m = max(x), e = exp(x − m), s = Σ e (pairwise, as <c>np.sum(axis=1)</c>),
    /// y = e / s (a true division, not a multiplication by 1/s, to keep NumPy's rounding).
    /// The exponentials of all rows are taken in one <c>TensorPrimitives.Exp</c> call.
    /// <c>TensorPrimitives.SoftMax</c> is not used: it does not subtract the maximum.
    /// </remarks>
    public static void Forward(ReadOnlySpan<double> x, Span<double> y, int rows, int columns)
    {
        int length = rows * columns;
        x = x[..length];
        y = y[..length];
        if (columns >= VectorRowLength)
        {
            for (int offset = 0; offset < length; offset += columns)
            {
                double max = TensorPrimitives.Max(x.Slice(offset, columns));
                TensorPrimitives.Subtract(x.Slice(offset, columns), max, y.Slice(offset, columns));
            }
        }
        else
        {
            SubtractRowMaxima(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y), rows, columns);
        }

        TensorPrimitives.Exp(y, y);

        for (int offset = 0; offset < length; offset += columns)
        {
            Span<double> row = y.Slice(offset, columns);
            double sum = PairwiseSum.Sum(row);
            for (int j = 0; j < row.Length; j++)
            {
                row[j] /= sum;
            }
        }
    }

    /// <summary>y[i, :] = x[i, :] − max x[i, :] for short rows; the max is NaN if the row holds a NaN (as
    /// <c>np.max</c>), which then spreads to the whole row.</summary>
    private static void SubtractRowMaxima(ref double x, ref double y, int rows, int columns)
    {
        for (int r = 0; r < rows; r++)
        {
            ref double xRow = ref Unsafe.Add(ref x, r * columns);
            ref double yRow = ref Unsafe.Add(ref y, r * columns);
            double max = xRow;
            for (int j = 1; j < columns; j++)
            {
                double v = Unsafe.Add(ref xRow, j);
                // !(v <= max) is true for v > max and for NaN, so a NaN wins and stays.
                if (!(v <= max) && !double.IsNaN(max))
                {
                    max = v;
                }
            }

            for (int j = 0; j < columns; j++)
            {
                Unsafe.Add(ref yRow, j) = Unsafe.Add(ref xRow, j) - max;
            }
        }
    }
}
