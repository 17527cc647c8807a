using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TinyTensor.Kernels;

/// <summary>Row-wise softmax that subtracts each row's maximum first, so large logits do not overflow; generic over
/// the element type (double or float).</summary>
internal static class SoftmaxKernel
{
    /// <summary>Rows at least this long use the vectorised TensorPrimitives reductions; shorter rows (the usual
    /// 3 or 10 classes) a plain loop, as a library call per row costs more than the arithmetic.</summary>
    private const int VectorRowLength = 32;

    /// <summary>x and y are (rows, columns), row-major; y may be x.</summary>
    /// <remarks>
    /// Per row, in NumPy's order: m = max(x), e = exp(x − m), s = Σ e, y = e / s (a true division, not a
    /// multiplication by 1/s, to keep NumPy's rounding). m, e and y are computed in the element type; s is accumulated
    /// in float64 (<see cref="WideSum"/>: NumPy's pairwise sum for float64, as <c>np.sum(axis=1)</c>) and rounded to
    /// the element type before the division.
    /// The exponentials of all rows are taken in one <c>TensorPrimitives.Exp</c> call.
    /// <c>TensorPrimitives.SoftMax</c> is not used: it does not subtract the maximum.
    /// </remarks>
    public static void Forward<T>(ReadOnlySpan<T> x, Span<T> y, int rows, int columns)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int length = rows * columns;
        x = x[..length];
        y = y[..length];
        if (columns >= VectorRowLength)
        {
            for (int offset = 0; offset < length; offset += columns)
            {
                T max = TensorPrimitives.Max(x.Slice(offset, columns));
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
            Span<T> row = y.Slice(offset, columns);
            T sum = T.CreateTruncating(WideSum.Of<T>(row));
            for (int j = 0; j < row.Length; j++)
            {
                row[j] /= sum;
            }
        }
    }

    /// <summary>y[i, :] = x[i, :] − max x[i, :] for short rows; the max is NaN if the row holds a NaN (as
    /// <c>np.max</c>), which then spreads to the whole row.</summary>
    private static void SubtractRowMaxima<T>(ref T x, ref T y, int rows, int columns)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
        {
            ref T xRow = ref Unsafe.Add(ref x, r * columns);
            ref T yRow = ref Unsafe.Add(ref y, r * columns);
            T max = xRow;
            for (int j = 1; j < columns; j++)
            {
                T v = Unsafe.Add(ref xRow, j);
                // !(v <= max) is true for v > max and for NaN, so a NaN wins and stays.
                if (!(v <= max) && !T.IsNaN(max))
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
