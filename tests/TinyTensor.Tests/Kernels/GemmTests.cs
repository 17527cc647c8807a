using System.Globalization;
using TinyTensor.Kernels.Gemm;

namespace TinyTensor.Tests.Kernels;

/// <summary>
/// Every GEMM path against the naive <see cref="GemmReference"/>: each micro-kernel, both routes (small and packed,
/// forced, so each sees every size), the four transposition forms (TT too, though no layer uses it), β ∈ {0, 1, 0.5}
/// and α ≠ 1.
/// </summary>
[TestFixture]
[NonParallelizable]
public class GemmTests
{
    /// <summary>Written around and between C's rows; any change means an out-of-bounds write.</summary>
    private const double Sentinel = -7.0e77;

    private static readonly (double Alpha, double Beta)[] Scalings = [(1.0, 0.0), (-2.5, 0.0), (1.0, 1.0), (0.75, 0.5)];

    private static readonly double Epsilon = Math.BitIncrement(1.0) - 1.0;

    public static IEnumerable<TestCaseData> KernelsAndForms()
    {
        // Kernel and form travel as names: the test method is public, the enums are internal.
        foreach (string kernel in new[] { "Vector512", "Vector256", "Scalar" })
        {
            foreach (string form in new[] { "NN", "TN", "NT", "TT" })
            {
                yield return new TestCaseData(kernel, form);
            }
        }
    }

    /// <summary>
    /// M, N, K over {0, 1, 2, 3, 5, 9, MR−1, MR, MR+1, NR+1, KC+1, 2·MC+3} (the kernel's MR, NR), every combination
    /// except those where all three are KC+1 or 2·MC+3: those cost ≈ 80 % of the reference's time and add no case
    /// the others miss (two large dimensions already cross the KC, MC and thread-split boundaries).
    /// </summary>
    [TestCaseSource(nameof(KernelsAndForms))]
    public void Matches_reference_over_every_size_combination(string kernelName, string form)
    {
        GemmKernelKind kernel = GemmOperands.ParseKernel(kernelName);
        (Transpose ta, Transpose tb) = GemmOperands.ParseForm(form);
        if (!Gemm.IsAccelerated(kernel))
        {
            Assert.Ignore($"{kernel} is not accelerated on this machine (it would run emulated, far too slowly).");
        }

        (int mr, int nr) = GemmOperands.Tile(kernel);
        int large = GemmBlocking.KC + 1;
        int[] sizes = new[] { 0, 1, 2, 3, 5, 9, mr - 1, mr, mr + 1, nr + 1, large, (2 * GemmBlocking.MC) + 3 }
            .Distinct().Order().ToArray();
        int checkedProducts = 0;
        foreach (int m in sizes)
        {
            foreach (int n in sizes)
            {
                foreach (int k in sizes)
                {
                    if (m >= large && n >= large && k >= large)
                    {
                        continue;
                    }

                    CheckAgainstReference(kernel, ta, tb, m, n, k);
                    checkedProducts++;
                }
            }
        }

        Assert.That(checkedProducts, Is.EqualTo((sizes.Length * sizes.Length * sizes.Length) - 8));
    }

    internal static void CheckAgainstReference(GemmKernelKind kernel, Transpose ta, Transpose tb, int m, int n, int k)
    {
        var rng = new System.Random((m * 1_000_003) + (n * 1009) + k);
        double[] a = GemmOperands.OperandA(rng, ta, m, k, 3, out int lda);
        double[] b = GemmOperands.OperandB(rng, tb, k, n, 2, out int ldb);

        // The reference product and its error scale |A|·|B|, computed once for every path and scaling.
        double[] ab = new double[m * n];
        double[] absAb = new double[m * n];
        GemmReference.Multiply(ta, tb, m, n, k, 1.0, a, lda, b, ldb, 0.0, ab, n);
        GemmReference.Multiply(ta, tb, m, n, k, 1.0, a.Select(Math.Abs).ToArray(), lda, b.Select(Math.Abs).ToArray(),
            ldb, 0.0, absAb, n);

        int ldc = n + 2;
        const int Before = 5;
        const int After = 5;
        double[] c = new double[Before + (m * ldc) + After];
        double[] c0 = new double[m * n];
        foreach ((double alpha, double beta) in Scalings)
        {
            for (int i = 0; i < m * n; i++)
            {
                // β = 0 must not read C: NaN there would leak into the result if it did.
                c0[i] = beta == 0.0 ? double.NaN : (rng.NextDouble() * 2.0) - 1.0;
            }

            foreach (GemmRoute route in new[] { GemmRoute.Small, GemmRoute.Packed, GemmRoute.Thin, GemmRoute.Direct })
            {
                Array.Fill(c, Sentinel);
                for (int i = 0; i < m; i++)
                {
                    c0.AsSpan(i * n, n).CopyTo(c.AsSpan(Before + (i * ldc)));
                }

                using (GemmOverride.Force(kernel, route))
                {
                    Gemm.Multiply(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c.AsSpan(Before), ldc);
                }

                string what = GemmOperands.Describe(kernel, route, ta, tb, m, n, k, alpha, beta);
                CheckResult(what, m, n, alpha, beta, ab, absAb, c0, c, Before, ldc);
            }
        }
    }

    /// <summary>|C − C_ref| ≤ 16·ε·(|α|·(|A|·|B|) + |β·C₀|) everywhere, and every sentinel untouched.</summary>
    private static void CheckResult(string what, int m, int n, double alpha, double beta, double[] ab, double[] absAb,
        double[] c0, double[] c, int before, int ldc)
    {
        for (int index = 0; index < c.Length; index++)
        {
            int offset = index - before;
            int i = offset >= 0 ? offset / ldc : -1;
            int j = offset >= 0 ? offset % ldc : -1;
            bool inside = i >= 0 && i < m && j < n;
            if (!inside)
            {
                if (BitConverter.DoubleToInt64Bits(c[index]) != BitConverter.DoubleToInt64Bits(Sentinel))
                {
                    Assert.Fail(string.Create(CultureInfo.InvariantCulture,
                        $"{what}: wrote {c[index]:R} outside C at buffer offset {offset} (row {i}, column {j})."));
                }

                continue;
            }

            int e = (i * n) + j;
            double expected = beta == 0.0 ? alpha * ab[e] : (alpha * ab[e]) + (beta * c0[e]);
            double bound = 16.0 * Epsilon * ((Math.Abs(alpha) * absAb[e]) + (beta == 0.0 ? 0.0 : Math.Abs(beta * c0[e])));
            double actual = c[index];
            if (!(Math.Abs(actual - expected) <= bound))
            {
                Assert.Fail(string.Create(CultureInfo.InvariantCulture,
                    $"{what}: C[{i}, {j}] = {actual:R}, reference {expected:R}, " +
                    $"|diff| {Math.Abs(actual - expected):R} > {bound:R}."));
            }
        }
    }
}
