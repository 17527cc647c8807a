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
/// value compares equal (==, so −0 ties +0) to the extremum. A contiguous row is one vectorised pass (512- or 256-bit,
/// one loop over an <see cref="ILanes{TVector}"/> struct): four accumulators each keep, per lane, the best value and
/// the step where it first appeared (held as doubles, exact below 2⁵³, so that one compare mask selects both); a NaN
/// sends the row to a scan for the first NaN. The lane candidates are then merged by value and, on equal values, by
/// the smaller index. Other axes keep a running best per output, slice after slice.
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
        bool vectorised = false, sawNaN = false;
        if (Vector512.IsHardwareAccelerated && n >= 4 * Vector512<double>.Count)
        {
            vectorised = true;
            sawNaN = !Candidates<TOrder, Lanes512, Vector512<double>>(row, out best, out bestValue, out i);
        }
        else if (Vector256.IsHardwareAccelerated && n >= 4 * Vector256<double>.Count)
        {
            vectorised = true;
            sawNaN = !Candidates<TOrder, Lanes256, Vector256<double>>(row, out best, out bestValue, out i);
        }

        if (vectorised && sawNaN)
        {
            int nan = FirstNaN(row);
            if (nan >= 0)
            {
                return nan;
            }

            // No NaN after all (+∞ and −∞ summed to NaN): the scalar loop from the start.
            best = 0;
            bestValue = row[0];
            i = 1;
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

    /// <summary>The best of the row's first <paramref name="next"/> elements (a multiple of four vectors), or false if
    /// any of them may be NaN.</summary>
    /// <remarks>Per step of four vectors: four compares and eight selects keep each lane's best value and the step it
    /// came from (one counter for all four accumulators; the index is rebuilt at the end). NaN is detected by summing
    /// everything into one more vector, which turns NaN if an element is NaN (or, rarely, when infinities of both
    /// signs meet: the caller's scan for a NaN then finds none and takes the scalar loop).</remarks>
    private static bool Candidates<TOrder, TLanes, TVector>(ReadOnlySpan<double> row, out int best, out double bestValue, out int next)
        where TOrder : IOrder
        where TLanes : ILanes<TVector>
        where TVector : struct
    {
        int w = TLanes.Count;
        ref double p = ref MemoryMarshal.GetReference(row);
        TVector v0 = TLanes.Load(ref p, 0), v1 = TLanes.Load(ref p, (nuint)w);
        TVector v2 = TLanes.Load(ref p, (nuint)(2 * w)), v3 = TLanes.Load(ref p, (nuint)(3 * w));
        TVector it0 = TLanes.Zero, it1 = it0, it2 = it0, it3 = it0;
        TVector step = TLanes.Zero;
        TVector one = TLanes.One;
        TVector nan = TLanes.Add(TLanes.Add(v0, v1), TLanes.Add(v2, v3));
        int i = 4 * w;
        for (; i + (4 * w) <= row.Length; i += 4 * w)
        {
            step = TLanes.Add(step, one);
            TVector x0 = TLanes.Load(ref p, (nuint)i), x1 = TLanes.Load(ref p, (nuint)(i + w));
            TVector x2 = TLanes.Load(ref p, (nuint)(i + (2 * w))), x3 = TLanes.Load(ref p, (nuint)(i + (3 * w)));
            TVector m0 = TOrder.Better<TLanes, TVector>(x0, v0), m1 = TOrder.Better<TLanes, TVector>(x1, v1);
            TVector m2 = TOrder.Better<TLanes, TVector>(x2, v2), m3 = TOrder.Better<TLanes, TVector>(x3, v3);
            v0 = TLanes.Select(m0, x0, v0);
            v1 = TLanes.Select(m1, x1, v1);
            v2 = TLanes.Select(m2, x2, v2);
            v3 = TLanes.Select(m3, x3, v3);
            it0 = TLanes.Select(m0, step, it0);
            it1 = TLanes.Select(m1, step, it1);
            it2 = TLanes.Select(m2, step, it2);
            it3 = TLanes.Select(m3, step, it3);
            nan = TLanes.Add(nan, TLanes.Add(TLanes.Add(x0, x1), TLanes.Add(x2, x3)));
        }

        next = i;
        best = 0;
        bestValue = row[0];
        if (!TLanes.NoNaN(nan))
        {
            return false;
        }

        // Element index of each lane's candidate: 4w·step + w·accumulator + lane. Merge the four accumulators lane-wise,
        // then the lanes one by one.
        TVector span = TLanes.Broadcast(4 * w), iota = TLanes.Iota;
        TVector x = v0, ix = TLanes.Add(TLanes.Multiply(it0, span), iota);
        Merge<TOrder, TLanes, TVector>(ref x, ref ix, v1, TLanes.Add(TLanes.Multiply(it1, span), TLanes.Add(iota, TLanes.Broadcast(w))));
        Merge<TOrder, TLanes, TVector>(ref x, ref ix, v2, TLanes.Add(TLanes.Multiply(it2, span), TLanes.Add(iota, TLanes.Broadcast(2 * w))));
        Merge<TOrder, TLanes, TVector>(ref x, ref ix, v3, TLanes.Add(TLanes.Multiply(it3, span), TLanes.Add(iota, TLanes.Broadcast(3 * w))));
        for (int lane = 0; lane < w; lane++)
        {
            double v = TLanes.Get(x, lane);
            int index = (int)TLanes.Get(ix, lane);
            if (TOrder.Better(v, bestValue) || (v == bestValue && index < best))
            {
                best = index;
                bestValue = v;
            }
        }

        return true;
    }

    /// <summary>Lane-wise: takes (y, iy) where y is better than x, or equal to it with a smaller index.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Merge<TOrder, TLanes, TVector>(ref TVector x, ref TVector ix, TVector y, TVector iy)
        where TOrder : IOrder
        where TLanes : ILanes<TVector>
        where TVector : struct
    {
        TVector take = TLanes.Or(TOrder.Better<TLanes, TVector>(y, x), TLanes.And(TLanes.Equal(y, x), TLanes.LessThan(iy, ix)));
        x = TLanes.Select(take, y, x);
        ix = TLanes.Select(take, iy, ix);
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

        static abstract TVector Better<TLanes, TVector>(TVector x, TVector best)
            where TLanes : ILanes<TVector>
            where TVector : struct;
    }

    private readonly struct Greater : IOrder
    {
        public static bool Better(double x, double best) => x > best;

        public static TVector Better<TLanes, TVector>(TVector x, TVector best)
            where TLanes : ILanes<TVector>
            where TVector : struct => TLanes.GreaterThan(x, best);
    }

    private readonly struct Less : IOrder
    {
        public static bool Better(double x, double best) => x < best;

        public static TVector Better<TLanes, TVector>(TVector x, TVector best)
            where TLanes : ILanes<TVector>
            where TVector : struct => TLanes.LessThan(x, best);
    }

    /// <summary>The few vector operations the loop needs, at one width (the repo's static-abstract idiom, so one loop
    /// serves 512 and 256 bits).</summary>
    private interface ILanes<TVector>
        where TVector : struct
    {
        static abstract int Count { get; }

        static abstract TVector Zero { get; }

        static abstract TVector One { get; }

        static abstract TVector Load(ref double origin, nuint i);

        static abstract TVector Iota { get; }

        static abstract TVector Broadcast(double value);

        static abstract TVector Add(TVector x, TVector y);

        static abstract TVector Multiply(TVector x, TVector y);

        static abstract TVector Equal(TVector x, TVector y);

        static abstract TVector And(TVector x, TVector y);

        static abstract TVector Or(TVector x, TVector y);

        static abstract TVector GreaterThan(TVector x, TVector y);

        static abstract TVector LessThan(TVector x, TVector y);

        static abstract TVector Select(TVector mask, TVector ifTrue, TVector ifFalse);

        static abstract bool NoNaN(TVector x);

        static abstract double Get(TVector x, int lane);
    }

    private readonly struct Lanes512 : ILanes<Vector512<double>>
    {
        public static int Count => Vector512<double>.Count;

        public static Vector512<double> Zero => Vector512<double>.Zero;

        public static Vector512<double> One => Vector512<double>.One;

        public static Vector512<double> Load(ref double origin, nuint i) => Vector512.LoadUnsafe(ref origin, i);

        public static Vector512<double> Iota => Vector512<double>.Indices;

        public static Vector512<double> Broadcast(double value) => Vector512.Create(value);

        public static Vector512<double> Add(Vector512<double> x, Vector512<double> y) => x + y;

        public static Vector512<double> Multiply(Vector512<double> x, Vector512<double> y) => x * y;

        public static Vector512<double> Equal(Vector512<double> x, Vector512<double> y) => Vector512.Equals(x, y);

        public static Vector512<double> And(Vector512<double> x, Vector512<double> y) => x & y;

        public static Vector512<double> Or(Vector512<double> x, Vector512<double> y) => x | y;

        public static Vector512<double> GreaterThan(Vector512<double> x, Vector512<double> y) => Vector512.GreaterThan(x, y);

        public static Vector512<double> LessThan(Vector512<double> x, Vector512<double> y) => Vector512.LessThan(x, y);

        public static Vector512<double> Select(Vector512<double> mask, Vector512<double> ifTrue, Vector512<double> ifFalse) =>
            Vector512.ConditionalSelect(mask, ifTrue, ifFalse);

        public static bool NoNaN(Vector512<double> x) => Vector512.EqualsAll(x, x);

        public static double Get(Vector512<double> x, int lane) => x.GetElement(lane);
    }

    private readonly struct Lanes256 : ILanes<Vector256<double>>
    {
        public static int Count => Vector256<double>.Count;

        public static Vector256<double> Zero => Vector256<double>.Zero;

        public static Vector256<double> One => Vector256<double>.One;

        public static Vector256<double> Load(ref double origin, nuint i) => Vector256.LoadUnsafe(ref origin, i);

        public static Vector256<double> Iota => Vector256<double>.Indices;

        public static Vector256<double> Broadcast(double value) => Vector256.Create(value);

        public static Vector256<double> Add(Vector256<double> x, Vector256<double> y) => x + y;

        public static Vector256<double> Multiply(Vector256<double> x, Vector256<double> y) => x * y;

        public static Vector256<double> Equal(Vector256<double> x, Vector256<double> y) => Vector256.Equals(x, y);

        public static Vector256<double> And(Vector256<double> x, Vector256<double> y) => x & y;

        public static Vector256<double> Or(Vector256<double> x, Vector256<double> y) => x | y;

        public static Vector256<double> GreaterThan(Vector256<double> x, Vector256<double> y) => Vector256.GreaterThan(x, y);

        public static Vector256<double> LessThan(Vector256<double> x, Vector256<double> y) => Vector256.LessThan(x, y);

        public static Vector256<double> Select(Vector256<double> mask, Vector256<double> ifTrue, Vector256<double> ifFalse) =>
            Vector256.ConditionalSelect(mask, ifTrue, ifFalse);

        public static bool NoNaN(Vector256<double> x) => Vector256.EqualsAll(x, x);

        public static double Get(Vector256<double> x, int lane) => x.GetElement(lane);
    }
}
