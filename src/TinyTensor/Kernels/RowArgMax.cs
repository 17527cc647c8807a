using System.Numerics;
using System.Runtime.InteropServices;
using TinyTensor.Kernels.Reductions;

namespace TinyTensor.Kernels;

/// <summary>The index of the largest element of each row, as <c>np.argmax(x, axis=1)</c> (the layers' and trainers'
/// predictions). float64 rows go to <see cref="ArgExtremum"/> (vectorised); float32 rows take NumPy's scalar loop
/// here, as <see cref="ArgExtremum"/> is float64-only (a prediction per row of ≈ 10 classes: the loop is not the
/// cost of a step).</summary>
internal static class RowArgMax
{
    /// <summary>The arg-max of each row of the (rows, columns) tensor <paramref name="x"/>, in its element type.</summary>
    public static void Compute(Tensor x, int rows, int columns, Span<int> indices)
    {
        if (x.DType == DType.Float32)
        {
            Compute(x.AsReadOnlySpan<float>(), rows, columns, indices);
        }
        else
        {
            Compute(x.AsReadOnlySpan<double>(), rows, columns, indices);
        }
    }

    /// <summary>x is (rows, columns), columns ≥ 1. The first index wins a tie; the first NaN wins over any number.</summary>
    public static void Compute<T>(ReadOnlySpan<T> x, int rows, int columns, Span<int> indices)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double))
        {
            ArgExtremum.Compute(MemoryMarshal.Cast<T, double>(x), rows, columns, 1, max: true, indices[..rows]);
            return;
        }

        for (int r = 0; r < rows; r++)
        {
            indices[r] = OfRow(x.Slice(r * columns, columns));
        }
    }

    /// <summary>NumPy's loop: replace the best only on a strict improvement or on the first NaN, then stop.</summary>
    private static int OfRow<T>(ReadOnlySpan<T> row)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T best = row[0];
        int index = 0;
        if (T.IsNaN(best))
        {
            return 0;
        }

        for (int j = 1; j < row.Length; j++)
        {
            T v = row[j];
            if (T.IsNaN(v))
            {
                return j;
            }

            if (v > best)
            {
                best = v;
                index = j;
            }
        }

        return index;
    }
}
