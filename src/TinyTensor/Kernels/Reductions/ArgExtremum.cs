using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TinyTensor.Kernels.Reductions;

/// <summary>
/// <c>np.argmax</c>/<c>np.argmin</c>: the first index of the extremum, or of the first NaN if there is one (NumPy treats
/// NaN as the extremum). x is (outer, n, inner) with n ≥ 1; indices is (outer, inner).
/// </summary>
/// <remarks>
/// NumPy's rule "keep the first, replace only on a strict improvement" picks the first element that compares equal
/// (==) to the extremum, so a contiguous row is two vectorised passes over L1-resident data: TensorPrimitives'
/// maximum (NaN if any element is NaN), then the first index equal to it (or the first NaN). Other axes keep a running
/// best per output, slice after slice.
/// </remarks>
internal static class ArgExtremum
{
    public static void Compute(ReadOnlySpan<double> x, int outer, int n, int inner, bool max, Span<int> indices)
    {
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++)
            {
                indices[o] = OfRow(x.Slice(o * n, n), max);
            }

            return;
        }

        double[] best = new double[inner];
        for (int o = 0; o < outer; o++)
        {
            ReadOnlySpan<double> block = x.Slice(o * n * inner, n * inner);
            Span<int> index = indices.Slice(o * inner, inner);
            block[..inner].CopyTo(best);
            index.Clear();
            for (int k = 1; k < n; k++)
            {
                ReadOnlySpan<double> slice = block.Slice(k * inner, inner);
                for (int j = 0; j < inner; j++)
                {
                    double v = slice[j];
                    double b = best[j];
                    bool better = !double.IsNaN(b) && (double.IsNaN(v) || (max ? v > b : v < b));
                    if (better)
                    {
                        best[j] = v;
                        index[j] = k;
                    }
                }
            }
        }
    }

    /// <summary>The arg-extremum of one contiguous, non-empty row.</summary>
    public static int OfRow(ReadOnlySpan<double> row, bool max)
    {
        double extremum = max ? TensorPrimitives.Max(row) : TensorPrimitives.Min(row);
        return double.IsNaN(extremum) ? FirstNaN(row) : FirstEqual(row, extremum);
    }

    /// <summary>The first i with row[i] == value (value is not NaN; row holds it).</summary>
    private static int FirstEqual(ReadOnlySpan<double> row, double value)
    {
        ref double origin = ref MemoryMarshal.GetReference(row);
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var target = Vector512.Create(value);
            for (; i + Vector512<double>.Count <= row.Length; i += Vector512<double>.Count)
            {
                ulong mask = Vector512.Equals(Vector512.LoadUnsafe(ref origin, (nuint)i), target).ExtractMostSignificantBits();
                if (mask != 0)
                {
                    return i + System.Numerics.BitOperations.TrailingZeroCount(mask);
                }
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var target = Vector256.Create(value);
            for (; i + Vector256<double>.Count <= row.Length; i += Vector256<double>.Count)
            {
                uint mask = Vector256.Equals(Vector256.LoadUnsafe(ref origin, (nuint)i), target).ExtractMostSignificantBits();
                if (mask != 0)
                {
                    return i + System.Numerics.BitOperations.TrailingZeroCount(mask);
                }
            }
        }

        for (; i < row.Length; i++)
        {
            if (row[i] == value)
            {
                return i;
            }
        }

        return -1;
    }

    private static int FirstNaN(ReadOnlySpan<double> row)
    {
        for (int i = 0; i < row.Length; i++)
        {
            if (double.IsNaN(row[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
