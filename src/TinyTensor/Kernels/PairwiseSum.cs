using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TinyTensor.Kernels;

/// <summary>
/// NumPy's pairwise summation (<c>pairwise_sum_DOUBLE</c>/<c>pairwise_sum_FLOAT</c> in
/// numpy/core/src/umath/loops_utils.h.src), reproduced operation for operation so that a sum or mean over a contiguous
/// axis gives NumPy's bits. One body for both element types: NumPy's float loop is the double loop with every
/// accumulator a float (it sums float32 in float32), so the generic body instantiated with <see cref="float"/> is
/// NumPy's float32 sum and with <see cref="double"/> the float64 one.
/// </summary>
/// <remarks>
/// NumPy keeps eight running sums r[0..7], r[k] += a[i + k]: that is exactly one lane-wise add of eight consecutive
/// elements, so the eight sums live in one vector of eight lanes (a 512-bit vector of doubles, a 256-bit vector of
/// floats; two half-width vectors on narrower paths) and the result is the same on every path. They are combined as
/// NumPy does, ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)).
/// </remarks>
internal static class PairwiseSum
{
    /// <summary>NumPy's PW_BLOCKSIZE: below it, eight running sums; above it, split in halves.</summary>
    private const int BlockSize = 128;

    /// <summary>NumPy's default ufunc buffer size (<c>NPY_BUFSIZE</c>, in elements, whatever the element type): a
    /// reduction over more elements than this is fed to the pairwise loop one buffer at a time.</summary>
    private const int BufferSize = 8192;

    /// <summary>The sum as <c>np.add.reduce</c> computes it: the identity 0 plus the pairwise sum.</summary>
    public static double Sum(ReadOnlySpan<double> values) => Sum<double>(values);

    /// <summary>The float32 sum as <c>np.add.reduce</c> computes it, in float32.</summary>
    public static float Sum(ReadOnlySpan<float> values) => Sum<float>(values);

    /// <summary>The sum as <c>np.add.reduce</c> computes it in T: the identity 0 plus the pairwise sum.</summary>
    public static T Sum<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T> => T.Zero + Pairwise(values);

    /// <summary>
    /// <c>np.sum</c> of a contiguous run of any length: 0, then the pairwise sum of each consecutive 8192-element chunk
    /// added in sequence, as NumPy's buffered reduction does (checked against NumPy 1.24 on whole arrays and on rows of
    /// up to 24,577 elements, in both types). Equals <see cref="Sum{T}"/> up to 8192 elements.
    /// </summary>
    public static T ChunkedSum<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T sum = T.Zero;
        for (int start = 0; start < values.Length; start += BufferSize)
        {
            sum += Pairwise(values.Slice(start, Math.Min(BufferSize, values.Length - start)));
        }

        return sum;
    }

    private static T Pairwise<T>(ReadOnlySpan<T> a)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = a.Length;
        if (n < 8)
        {
            T res = T.Zero;
            for (int i = 0; i < n; i++)
            {
                res += a[i];
            }

            return res;
        }

        if (n <= BlockSize)
        {
            return Block(a);
        }

        // Halve, keeping the first half a multiple of the unroll factor, as NumPy does.
        int n2 = n / 2;
        n2 -= n2 % 8;
        return Pairwise(a[..n2]) + Pairwise(a[n2..]);
    }

    /// <summary>8 ≤ n ≤ 128: the eight running sums, their combination, then the tail added one by one.</summary>
    private static T Block<T>(ReadOnlySpan<T> a)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = a.Length;
        int whole = n - (n % 8);
        ref T origin = ref MemoryMarshal.GetReference(a);
        T res;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.Count == 8)
        {
            Vector512<T> r = Vector512.LoadUnsafe(ref origin);
            for (nuint i = 8; i < (nuint)whole; i += 8)
            {
                r += Vector512.LoadUnsafe(ref origin, i);
            }

            res = Combine(r.GetLower(), r.GetUpper());
        }
        else if (Vector256.IsHardwareAccelerated && Vector256<T>.Count == 8)
        {
            Vector256<T> r = Vector256.LoadUnsafe(ref origin);
            for (nuint i = 8; i < (nuint)whole; i += 8)
            {
                r += Vector256.LoadUnsafe(ref origin, i);
            }

            res = Combine(r.GetLower(), r.GetUpper());
        }
        else if (Vector256.IsHardwareAccelerated && Vector256<T>.Count == 4)
        {
            Vector256<T> lo = Vector256.LoadUnsafe(ref origin);
            Vector256<T> hi = Vector256.LoadUnsafe(ref origin, 4);
            for (nuint i = 8; i < (nuint)whole; i += 8)
            {
                lo += Vector256.LoadUnsafe(ref origin, i);
                hi += Vector256.LoadUnsafe(ref origin, i + 4);
            }

            res = Combine(lo, hi);
        }
        else if (Vector128.IsHardwareAccelerated && Vector128<T>.Count == 4)
        {
            Vector128<T> lo = Vector128.LoadUnsafe(ref origin);
            Vector128<T> hi = Vector128.LoadUnsafe(ref origin, 4);
            for (nuint i = 8; i < (nuint)whole; i += 8)
            {
                lo += Vector128.LoadUnsafe(ref origin, i);
                hi += Vector128.LoadUnsafe(ref origin, i + 4);
            }

            res = Combine(lo, hi);
        }
        else
        {
            res = ScalarBlock(a, whole);
        }

        for (int i = whole; i < n; i++)
        {
            res += a[i];
        }

        return res;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Combine<T>(Vector256<T> lo, Vector256<T> hi)
        where T : unmanaged, IFloatingPointIeee754<T> => Combine(lo[0], lo[1], lo[2], lo[3], hi[0], hi[1], hi[2], hi[3]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Combine<T>(Vector128<T> lo, Vector128<T> hi)
        where T : unmanaged, IFloatingPointIeee754<T> => Combine(lo[0], lo[1], lo[2], lo[3], hi[0], hi[1], hi[2], hi[3]);

    /// <summary>NumPy's combination of the eight running sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Combine<T>(T r0, T r1, T r2, T r3, T r4, T r5, T r6, T r7)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));

    private static T ScalarBlock<T>(ReadOnlySpan<T> a, int whole)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7];
        for (int i = 8; i < whole; i += 8)
        {
            r0 += a[i];
            r1 += a[i + 1];
            r2 += a[i + 2];
            r3 += a[i + 3];
            r4 += a[i + 4];
            r5 += a[i + 5];
            r6 += a[i + 6];
            r7 += a[i + 7];
        }

        return Combine(r0, r1, r2, r3, r4, r5, r6, r7);
    }
}
