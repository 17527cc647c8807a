using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TinyTensor.Kernels.Reductions;

/// <summary>
/// <c>np.argmax</c>/<c>np.argmin</c>: the first index of the extremum, or of the first NaN if there is one (NumPy treats
/// NaN as the extremum). x is (outer, n, inner) with n ≥ 1; indices is (outer, inner). One body for both element types
/// (the comparisons are exact, so float32 follows NumPy's rules as float64 does).
/// </summary>
/// <remarks>
/// NumPy keeps the first element and replaces it only on a strict improvement, so the answer is the first index whose
/// value compares equal (==, so −0 ties +0) to the extremum. A contiguous row of at least four vectors takes
/// <see cref="Blocked{T, TOrder, TLanes, TVector}"/> (512, 256 or 128 bits, one loop over an <see cref="ILanes{T, TVector}"/>
/// struct): the hot loop keeps only the extreme value, per block, and the one block where it last improved is re-scanned
/// for the index; a NaN sends the row to a scan for the first NaN. Shorter rows (and every row without SIMD) take
/// NumPy's scalar loop. Other axes keep a running best per output, slice after slice.
/// </remarks>
internal static class ArgExtremum
{
    public static void Compute<T>(ReadOnlySpan<T> x, int outer, int n, int inner, bool max, Span<int> indices)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++)
            {
                indices[o] = OfRow(x.Slice(o * n, n), max);
            }

            return;
        }

        T[] best = new T[inner];
        for (int o = 0; o < outer; o++)
        {
            ReadOnlySpan<T> block = x.Slice(o * n * inner, n * inner);
            Span<int> index = indices.Slice(o * inner, inner);
            block[..inner].CopyTo(best);
            index.Clear();
            for (int k = 1; k < n; k++)
            {
                ReadOnlySpan<T> slice = block.Slice(k * inner, inner);
                for (int j = 0; j < inner; j++)
                {
                    if (max ? Replaces<T, Greater>(slice[j], best[j]) : Replaces<T, Less>(slice[j], best[j]))
                    {
                        best[j] = slice[j];
                        index[j] = k;
                    }
                }
            }
        }
    }

    /// <summary>The arg-extremum of one contiguous, non-empty row.</summary>
    public static int OfRow<T>(ReadOnlySpan<T> row, bool max)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        max ? OfRow<T, Greater>(row) : OfRow<T, Less>(row);

    private static int OfRow<T, TOrder>(ReadOnlySpan<T> row)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOrder : IOrder
    {
        int n = row.Length;
        if (Vector512.IsHardwareAccelerated && n >= 4 * Vector512<T>.Count)
        {
            return Blocked<T, TOrder, Lanes512<T>, Vector512<T>>(row);
        }

        if (Vector256.IsHardwareAccelerated && n >= 4 * Vector256<T>.Count)
        {
            return Blocked<T, TOrder, Lanes256<T>, Vector256<T>>(row);
        }

        if (Vector128.IsHardwareAccelerated && n >= 4 * Vector128<T>.Count)
        {
            return Blocked<T, TOrder, Lanes128<T>, Vector128<T>>(row);
        }

        return Scalar<T, TOrder>(row, 0, row[0], 1);
    }

    /// <summary>NumPy's loop from element <paramref name="from"/> on, given the best so far (not NaN unless it is
    /// row[0]).</summary>
    private static int Scalar<T, TOrder>(ReadOnlySpan<T> row, int best, T bestValue, int from)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOrder : IOrder
    {
        for (int i = from; i < row.Length; i++)
        {
            if (Replaces<T, TOrder>(row[i], bestValue))
            {
                if (T.IsNaN(row[i]))
                {
                    return i;
                }

                best = i;
                bestValue = row[i];
            }
        }

        return best;
    }

    /// <summary>The arg-extremum of a row of at least one vector: only the extreme value is tracked in the hot loop,
    /// block by block, with the start of the block where it last strictly improved; that one block is re-scanned for
    /// the first element equal to it.</summary>
    /// <remarks>A block is 16 vectors (four accumulators of four steps each, so the max/min chains hide latency); the
    /// whole vectors left after the last full block form one shorter block, and the last few elements (fewer than a
    /// vector) run through <see cref="Scalar{T, TOrder}"/>. The block extremum uses the native max/min (no NaN rule, any
    /// zero sign): both are harmless because NaN is checked separately and ties are resolved by ==, which makes −0 equal
    /// +0 as NumPy's strict compare does. The first block whose extremum is strictly better than everything before holds
    /// the first element equal to the row's extremum, so the re-scan finds NumPy's index. NaN: every element is summed
    /// into one vector, which turns NaN if one is NaN (or, rarely, when infinities of both signs meet; the scan for the
    /// first NaN then finds none and the blocks' answer stands, since without NaN it is exact).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Blocked<T, TOrder, TLanes, TVector>(ReadOnlySpan<T> row)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOrder : IOrder
        where TLanes : ILanes<T, TVector>
        where TVector : struct
    {
        int n = row.Length;
        int w = TLanes.Count;
        int blockLength = 16 * w;
        ref T p = ref MemoryMarshal.GetReference(row);
        T bestValue = row[0];
        TVector bestVector = TLanes.Broadcast(bestValue);
        int bestStart = 0, bestLength = Math.Min(blockLength, n - (n % w));
        TVector sum = TLanes.Zero;
        int i = 0;
        for (; i + blockLength <= n; i += blockLength)
        {
            TVector a0 = TLanes.Load(ref p, (nuint)i), a1 = TLanes.Load(ref p, (nuint)(i + w));
            TVector a2 = TLanes.Load(ref p, (nuint)(i + (2 * w))), a3 = TLanes.Load(ref p, (nuint)(i + (3 * w)));
            TVector s = TLanes.Add(TLanes.Add(a0, a1), TLanes.Add(a2, a3));
            for (int k = 4 * w; k < blockLength; k += 4 * w)
            {
                int j = i + k;
                TVector x0 = TLanes.Load(ref p, (nuint)j), x1 = TLanes.Load(ref p, (nuint)(j + w));
                TVector x2 = TLanes.Load(ref p, (nuint)(j + (2 * w))), x3 = TLanes.Load(ref p, (nuint)(j + (3 * w)));
                a0 = TOrder.Extreme<T, TLanes, TVector>(a0, x0);
                a1 = TOrder.Extreme<T, TLanes, TVector>(a1, x1);
                a2 = TOrder.Extreme<T, TLanes, TVector>(a2, x2);
                a3 = TOrder.Extreme<T, TLanes, TVector>(a3, x3);
                s = TLanes.Add(s, TLanes.Add(TLanes.Add(x0, x1), TLanes.Add(x2, x3)));
            }

            sum = TLanes.Add(sum, s);
            TVector m = TOrder.Extreme<T, TLanes, TVector>(TOrder.Extreme<T, TLanes, TVector>(a0, a1), TOrder.Extreme<T, TLanes, TVector>(a2, a3));
            if (TLanes.Bits(TOrder.Better<T, TLanes, TVector>(m, bestVector)) != 0)
            {
                bestValue = Reduce<T, TOrder, TLanes, TVector>(m);
                bestVector = TLanes.Broadcast(bestValue);
                bestStart = i;
                bestLength = blockLength;
            }
        }

        if (i + w <= n)
        {
            // The whole vectors after the last full block: one shorter block.
            int start = i;
            TVector m = TLanes.Load(ref p, (nuint)i);
            sum = TLanes.Add(sum, m);
            for (i += w; i + w <= n; i += w)
            {
                TVector x = TLanes.Load(ref p, (nuint)i);
                m = TOrder.Extreme<T, TLanes, TVector>(m, x);
                sum = TLanes.Add(sum, x);
            }

            if (TLanes.Bits(TOrder.Better<T, TLanes, TVector>(m, bestVector)) != 0)
            {
                bestValue = Reduce<T, TOrder, TLanes, TVector>(m);
                bestVector = TLanes.Broadcast(bestValue);
                bestStart = start;
                bestLength = i - start;
            }
        }

        if (!TLanes.NoNaN(sum))
        {
            int nan = FirstNaN(row[..i]);
            if (nan >= 0)
            {
                return nan;
            }
        }

        int best = bestStart + FirstEqual<T, TLanes, TVector>(row.Slice(bestStart, bestLength), bestVector);
        return Scalar<T, TOrder>(row, best, bestValue, i);
    }

    /// <summary>The extremum of the lanes of x (no NaN among them).</summary>
    private static T Reduce<T, TOrder, TLanes, TVector>(TVector x)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOrder : IOrder
        where TLanes : ILanes<T, TVector>
        where TVector : struct
    {
        T best = TLanes.Get(x, 0);
        for (int lane = 1; lane < TLanes.Count; lane++)
        {
            T v = TLanes.Get(x, lane);
            if (TOrder.Better(v, best))
            {
                best = v;
            }
        }

        return best;
    }

    /// <summary>The index of the first element == value (broadcast) in a block of whole vectors that holds one.</summary>
    private static int FirstEqual<T, TLanes, TVector>(ReadOnlySpan<T> block, TVector value)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLanes : ILanes<T, TVector>
        where TVector : struct
    {
        ref T p = ref MemoryMarshal.GetReference(block);
        int i = 0;
        for (; i < block.Length; i += TLanes.Count)
        {
            uint bits = TLanes.Bits(TLanes.Equal(TLanes.Load(ref p, (nuint)i), value));
            if (bits != 0)
            {
                return i + System.Numerics.BitOperations.TrailingZeroCount(bits);
            }
        }

        throw new InvalidOperationException("ArgExtremum: the block's extremum is not in the block.");
    }

    /// <summary>NumPy's step: a NaN replaces any number and nothing replaces a NaN; otherwise a strict improvement.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Replaces<T, TOrder>(T value, T best)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOrder : IOrder =>
        !T.IsNaN(best) && (T.IsNaN(value) || TOrder.Better(value, best));

    private static int FirstNaN<T>(ReadOnlySpan<T> row)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < row.Length; i++)
        {
            if (T.IsNaN(row[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Which way the extremum goes: a strict comparison (false for NaN), scalar and lane-wise, and the lane-wise
    /// extremum (native: unspecified for NaN and for zeros of both signs, which the caller makes harmless).</summary>
    private interface IOrder
    {
        static abstract bool Better<T>(T x, T best)
            where T : unmanaged, IFloatingPointIeee754<T>;

        static abstract TVector Better<T, TLanes, TVector>(TVector x, TVector best)
            where T : unmanaged, IFloatingPointIeee754<T>
            where TLanes : ILanes<T, TVector>
            where TVector : struct;

        static abstract TVector Extreme<T, TLanes, TVector>(TVector x, TVector y)
            where T : unmanaged, IFloatingPointIeee754<T>
            where TLanes : ILanes<T, TVector>
            where TVector : struct;
    }

    private readonly struct Greater : IOrder
    {
        public static bool Better<T>(T x, T best)
            where T : unmanaged, IFloatingPointIeee754<T> => x > best;

        public static TVector Better<T, TLanes, TVector>(TVector x, TVector best)
            where T : unmanaged, IFloatingPointIeee754<T>
            where TLanes : ILanes<T, TVector>
            where TVector : struct => TLanes.GreaterThan(x, best);

        public static TVector Extreme<T, TLanes, TVector>(TVector x, TVector y)
            where T : unmanaged, IFloatingPointIeee754<T>
            where TLanes : ILanes<T, TVector>
            where TVector : struct => TLanes.Max(x, y);
    }

    private readonly struct Less : IOrder
    {
        public static bool Better<T>(T x, T best)
            where T : unmanaged, IFloatingPointIeee754<T> => x < best;

        public static TVector Better<T, TLanes, TVector>(TVector x, TVector best)
            where T : unmanaged, IFloatingPointIeee754<T>
            where TLanes : ILanes<T, TVector>
            where TVector : struct => TLanes.LessThan(x, best);

        public static TVector Extreme<T, TLanes, TVector>(TVector x, TVector y)
            where T : unmanaged, IFloatingPointIeee754<T>
            where TLanes : ILanes<T, TVector>
            where TVector : struct => TLanes.Min(x, y);
    }

    /// <summary>The few vector operations the loop needs, at one width, for element type T (the repo's static-abstract
    /// idiom, so one loop serves 512, 256 and 128 bits in both types).</summary>
    private interface ILanes<T, TVector>
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVector : struct
    {
        static abstract int Count { get; }

        static abstract TVector Zero { get; }

        static abstract TVector Load(ref T origin, nuint i);

        static abstract TVector Broadcast(T value);

        static abstract TVector Add(TVector x, TVector y);

        static abstract TVector Equal(TVector x, TVector y);

        static abstract TVector GreaterThan(TVector x, TVector y);

        static abstract TVector LessThan(TVector x, TVector y);

        static abstract TVector Max(TVector x, TVector y);

        static abstract TVector Min(TVector x, TVector y);

        /// <summary>One bit per lane of a comparison mask (at most 16 lanes: float32 in 512 bits).</summary>
        static abstract uint Bits(TVector mask);

        static abstract bool NoNaN(TVector x);

        static abstract T Get(TVector x, int lane);
    }

    private readonly struct Lanes512<T> : ILanes<T, Vector512<T>>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static int Count => Vector512<T>.Count;

        public static Vector512<T> Zero => Vector512<T>.Zero;

        public static Vector512<T> Load(ref T origin, nuint i) => Vector512.LoadUnsafe(ref origin, i);

        public static Vector512<T> Broadcast(T value) => Vector512.Create(value);

        public static Vector512<T> Add(Vector512<T> x, Vector512<T> y) => x + y;

        public static Vector512<T> Equal(Vector512<T> x, Vector512<T> y) => Vector512.Equals(x, y);

        public static Vector512<T> GreaterThan(Vector512<T> x, Vector512<T> y) => Vector512.GreaterThan(x, y);

        public static Vector512<T> LessThan(Vector512<T> x, Vector512<T> y) => Vector512.LessThan(x, y);

        public static Vector512<T> Max(Vector512<T> x, Vector512<T> y) => Vector512.MaxNative(x, y);

        public static Vector512<T> Min(Vector512<T> x, Vector512<T> y) => Vector512.MinNative(x, y);

        public static uint Bits(Vector512<T> mask) => (uint)Vector512.ExtractMostSignificantBits(mask);

        public static bool NoNaN(Vector512<T> x) => Vector512.EqualsAll(x, x);

        public static T Get(Vector512<T> x, int lane) => x.GetElement(lane);
    }

    private readonly struct Lanes256<T> : ILanes<T, Vector256<T>>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static int Count => Vector256<T>.Count;

        public static Vector256<T> Zero => Vector256<T>.Zero;

        public static Vector256<T> Load(ref T origin, nuint i) => Vector256.LoadUnsafe(ref origin, i);

        public static Vector256<T> Broadcast(T value) => Vector256.Create(value);

        public static Vector256<T> Add(Vector256<T> x, Vector256<T> y) => x + y;

        public static Vector256<T> Equal(Vector256<T> x, Vector256<T> y) => Vector256.Equals(x, y);

        public static Vector256<T> GreaterThan(Vector256<T> x, Vector256<T> y) => Vector256.GreaterThan(x, y);

        public static Vector256<T> LessThan(Vector256<T> x, Vector256<T> y) => Vector256.LessThan(x, y);

        public static Vector256<T> Max(Vector256<T> x, Vector256<T> y) => Vector256.MaxNative(x, y);

        public static Vector256<T> Min(Vector256<T> x, Vector256<T> y) => Vector256.MinNative(x, y);

        public static uint Bits(Vector256<T> mask) => (uint)Vector256.ExtractMostSignificantBits(mask);

        public static bool NoNaN(Vector256<T> x) => Vector256.EqualsAll(x, x);

        public static T Get(Vector256<T> x, int lane) => x.GetElement(lane);
    }

    private readonly struct Lanes128<T> : ILanes<T, Vector128<T>>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static int Count => Vector128<T>.Count;

        public static Vector128<T> Zero => Vector128<T>.Zero;

        public static Vector128<T> Load(ref T origin, nuint i) => Vector128.LoadUnsafe(ref origin, i);

        public static Vector128<T> Broadcast(T value) => Vector128.Create(value);

        public static Vector128<T> Add(Vector128<T> x, Vector128<T> y) => x + y;

        public static Vector128<T> Equal(Vector128<T> x, Vector128<T> y) => Vector128.Equals(x, y);

        public static Vector128<T> GreaterThan(Vector128<T> x, Vector128<T> y) => Vector128.GreaterThan(x, y);

        public static Vector128<T> LessThan(Vector128<T> x, Vector128<T> y) => Vector128.LessThan(x, y);

        public static Vector128<T> Max(Vector128<T> x, Vector128<T> y) => Vector128.MaxNative(x, y);

        public static Vector128<T> Min(Vector128<T> x, Vector128<T> y) => Vector128.MinNative(x, y);

        public static uint Bits(Vector128<T> mask) => (uint)Vector128.ExtractMostSignificantBits(mask);

        public static bool NoNaN(Vector128<T> x) => Vector128.EqualsAll(x, x);

        public static T Get(Vector128<T> x, int lane) => x.GetElement(lane);
    }
}
