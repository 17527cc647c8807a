using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TinyTensor.Kernels;

/// <summary>
/// NumPy's pairwise summation (<c>pairwise_sum_DOUBLE</c> in numpy/core/src/umath/loops_utils.h.src), reproduced
/// operation for operation so that a sum or mean over a contiguous axis gives NumPy's bits.
/// </summary>
/// <remarks>
/// NumPy keeps eight running sums r[0..7], r[k] += a[i + k]: that is exactly one lane-wise add of eight consecutive
/// elements, so the eight sums live in one 512-bit vector (two 256-bit or four 128-bit ones on narrower paths) and the
/// result is the same on every path. They are combined as NumPy does, ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)).
/// </remarks>
internal static class PairwiseSum
{
    /// <summary>NumPy's PW_BLOCKSIZE: below it, eight running sums; above it, split in halves.</summary>
    private const int BlockSize = 128;

    /// <summary>NumPy's default ufunc buffer size (<c>NPY_BUFSIZE</c>, in elements): a reduction over more elements
    /// than this is fed to the pairwise loop one buffer at a time.</summary>
    private const int BufferSize = 8192;

    /// <summary>The sum as <c>np.add.reduce</c> computes it: the identity 0.0 plus the pairwise sum.</summary>
    public static double Sum(ReadOnlySpan<double> values) => 0.0 + Pairwise(values);

    /// <summary>
    /// <c>np.sum</c> of a contiguous run of any length: 0.0, then the pairwise sum of each consecutive
    /// 8192-element chunk added in sequence, as NumPy's buffered reduction does (checked against NumPy 1.24 on whole
    /// arrays and on rows of up to 20,000 elements). Equals <see cref="Sum"/> up to 8192 elements.
    /// </summary>
    public static double ChunkedSum(ReadOnlySpan<double> values)
    {
        double sum = 0.0;
        for (int start = 0; start < values.Length; start += BufferSize)
        {
            sum += Pairwise(values.Slice(start, Math.Min(BufferSize, values.Length - start)));
        }

        return sum;
    }

    private static double Pairwise(ReadOnlySpan<double> a)
    {
        int n = a.Length;
        if (n < 8)
        {
            double res = 0.0;
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
    private static double Block(ReadOnlySpan<double> a)
    {
        int n = a.Length;
        int whole = n - (n % 8);
        ref double origin = ref MemoryMarshal.GetReference(a);
        double res;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<double> r = Vector512.LoadUnsafe(ref origin);
            for (nuint i = 8; i < (nuint)whole; i += 8)
            {
                r += Vector512.LoadUnsafe(ref origin, i);
            }

            res = Combine(r.GetLower(), r.GetUpper());
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            Vector256<double> lo = Vector256.LoadUnsafe(ref origin);
            Vector256<double> hi = Vector256.LoadUnsafe(ref origin, 4);
            for (nuint i = 8; i < (nuint)whole; i += 8)
            {
                lo += Vector256.LoadUnsafe(ref origin, i);
                hi += Vector256.LoadUnsafe(ref origin, i + 4);
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
    private static double Combine(Vector256<double> lo, Vector256<double> hi) =>
        ((lo[0] + lo[1]) + (lo[2] + lo[3])) + ((hi[0] + hi[1]) + (hi[2] + hi[3]));

    private static double ScalarBlock(ReadOnlySpan<double> a, int whole)
    {
        double r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7];
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

        return ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    }
}
