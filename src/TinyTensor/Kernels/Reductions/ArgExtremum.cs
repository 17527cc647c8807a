using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TinyTensor.Kernels.Reductions;

/// <summary>
/// <c>np.argmax</c>/<c>np.argmin</c>: the first index of the extremum, or of the first NaN if there is one (NumPy treats
/// NaN as the extremum). x is (outer, n, inner) with n ≥ 1; indices is (outer, inner).
/// </summary>
/// <remarks>
/// NumPy keeps the first element and replaces it only on a strict improvement, so the answer is the first index whose
/// value compares equal (==, so −0 ties +0) to the extremum. A contiguous row is one vectorised pass: four 256-bit
/// accumulators each keep, per lane, the best value and the index where it first appeared (indices are held as
/// doubles, exact below 2⁵³, so that one compare mask selects both); any NaN seen sends the row to a scan for the
/// first NaN. The 16 lane candidates are then merged by value and, on equal values, by the smaller index. One width
/// suffices: four accumulators already keep up with memory at 1024×1024, and a 512-bit copy of the loop would be a
/// hand copy (.NET has no public generic vector interface to write it once). Other axes keep a running best per
/// output, slice after slice.
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
                    if (max ? Replaces<Greater>(slice[j], best[j]) : Replaces<Less>(slice[j], best[j]))
                    {
                        best[j] = slice[j];
                        index[j] = k;
                    }
                }
            }
        }
    }

    /// <summary>The arg-extremum of one contiguous, non-empty row.</summary>
    public static int OfRow(ReadOnlySpan<double> row, bool max) => max ? OfRow<Greater>(row) : OfRow<Less>(row);

    private static int OfRow<TOrder>(ReadOnlySpan<double> row)
        where TOrder : IOrder
    {
        int n = row.Length;
        int best = 0;
        double bestValue = row[0];
        int i = 1;
        if (Vector256.IsHardwareAccelerated && n >= 32)
        {
            if (!Candidates<TOrder>(row, out best, out bestValue, out i))
            {
                return FirstNaN(row);
            }
        }

        for (; i < n; i++)
        {
            if (Replaces<TOrder>(row[i], bestValue))
            {
                if (double.IsNaN(row[i]))
                {
                    return i;
                }

                best = i;
                bestValue = row[i];
            }
        }

        return best;
    }

    /// <summary>The best of the row's first <paramref name="next"/> elements (a multiple of 16), or false if any of them
    /// is NaN.</summary>
    private static bool Candidates<TOrder>(ReadOnlySpan<double> row, out int best, out double bestValue, out int next)
        where TOrder : IOrder
    {
        ref double p = ref MemoryMarshal.GetReference(row);
        Vector256<double> v0 = Vector256.LoadUnsafe(ref p), v1 = Vector256.LoadUnsafe(ref p, 4);
        Vector256<double> v2 = Vector256.LoadUnsafe(ref p, 8), v3 = Vector256.LoadUnsafe(ref p, 12);
        Vector256<double> i0 = Vector256.Create(0.0, 1.0, 2.0, 3.0);
        Vector256<double> i1 = i0 + Vector256.Create(4.0), i2 = i0 + Vector256.Create(8.0), i3 = i0 + Vector256.Create(12.0);
        Vector256<double> c0 = i0, c1 = i1, c2 = i2, c3 = i3;
        Vector256<double> step = Vector256.Create(16.0);
        Vector256<double> nan = ~(Vector256.Equals(v0, v0) & Vector256.Equals(v1, v1) & Vector256.Equals(v2, v2) & Vector256.Equals(v3, v3));
        int i = 16;
        for (; i + 16 <= row.Length; i += 16)
        {
            c0 += step;
            c1 += step;
            c2 += step;
            c3 += step;
            Vector256<double> x0 = Vector256.LoadUnsafe(ref p, (nuint)i), x1 = Vector256.LoadUnsafe(ref p, (nuint)(i + 4));
            Vector256<double> x2 = Vector256.LoadUnsafe(ref p, (nuint)(i + 8)), x3 = Vector256.LoadUnsafe(ref p, (nuint)(i + 12));
            Vector256<double> m0 = TOrder.Better(x0, v0), m1 = TOrder.Better(x1, v1), m2 = TOrder.Better(x2, v2), m3 = TOrder.Better(x3, v3);
            v0 = Vector256.ConditionalSelect(m0, x0, v0);
            v1 = Vector256.ConditionalSelect(m1, x1, v1);
            v2 = Vector256.ConditionalSelect(m2, x2, v2);
            v3 = Vector256.ConditionalSelect(m3, x3, v3);
            i0 = Vector256.ConditionalSelect(m0, c0, i0);
            i1 = Vector256.ConditionalSelect(m1, c1, i1);
            i2 = Vector256.ConditionalSelect(m2, c2, i2);
            i3 = Vector256.ConditionalSelect(m3, c3, i3);
            nan |= ~(Vector256.Equals(x0, x0) & Vector256.Equals(x1, x1) & Vector256.Equals(x2, x2) & Vector256.Equals(x3, x3));
        }

        next = i;
        best = (int)i0[0];
        bestValue = v0[0];
        if (nan != Vector256<double>.Zero)
        {
            return false;
        }

        Merge<TOrder>(v0, i0, ref best, ref bestValue);
        Merge<TOrder>(v1, i1, ref best, ref bestValue);
        Merge<TOrder>(v2, i2, ref best, ref bestValue);
        Merge<TOrder>(v3, i3, ref best, ref bestValue);
        return true;
    }

    /// <summary>Takes a lane's candidate if it is better, or equal with a smaller index.</summary>
    private static void Merge<TOrder>(Vector256<double> values, Vector256<double> indices, ref int best, ref double bestValue)
        where TOrder : IOrder
    {
        for (int lane = 0; lane < Vector256<double>.Count; lane++)
        {
            double v = values[lane];
            int index = (int)indices[lane];
            if (TOrder.Better(v, bestValue) || (v == bestValue && index < best))
            {
                best = index;
                bestValue = v;
            }
        }
    }

    /// <summary>NumPy's step: a NaN replaces any number and nothing replaces a NaN; otherwise a strict improvement.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Replaces<TOrder>(double value, double best)
        where TOrder : IOrder =>
        !double.IsNaN(best) && (double.IsNaN(value) || TOrder.Better(value, best));

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

    /// <summary>Which way the extremum goes: a strict comparison (false for NaN), scalar and lane-wise.</summary>
    private interface IOrder
    {
        static abstract bool Better(double x, double best);

        static abstract Vector256<double> Better(Vector256<double> x, Vector256<double> best);
    }

    private readonly struct Greater : IOrder
    {
        public static bool Better(double x, double best) => x > best;

        public static Vector256<double> Better(Vector256<double> x, Vector256<double> best) => Vector256.GreaterThan(x, best);
    }

    private readonly struct Less : IOrder
    {
        public static bool Better(double x, double best) => x < best;

        public static Vector256<double> Better(Vector256<double> x, Vector256<double> best) => Vector256.LessThan(x, best);
    }
}
