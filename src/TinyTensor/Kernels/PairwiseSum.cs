namespace TinyTensor.Kernels;

/// <summary>
/// NumPy's pairwise summation (<c>pairwise_sum_DOUBLE</c> in numpy/core/src/umath/loops_utils.h.src), reproduced
/// operation for operation so that a sum or mean over a contiguous axis gives NumPy's bits.
/// </summary>
internal static class PairwiseSum
{
    /// <summary>NumPy's PW_BLOCKSIZE: below it, eight running sums; above it, split in halves.</summary>
    private const int BlockSize = 128;

    /// <summary>The sum as <c>np.add.reduce</c> computes it: the identity 0.0 plus the pairwise sum.</summary>
    public static double Sum(ReadOnlySpan<double> values) => 0.0 + Pairwise(values);

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
            double r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7];
            int i;
            for (i = 8; i < n - (n % 8); i += 8)
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

            double res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++)
            {
                res += a[i];
            }

            return res;
        }

        // Halve, keeping the first half a multiple of the unroll factor, as NumPy does.
        int n2 = n / 2;
        n2 -= n2 % 8;
        return Pairwise(a[..n2]) + Pairwise(a[n2..]);
    }
}
