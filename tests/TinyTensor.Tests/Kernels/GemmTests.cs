using System.Globalization;
using System.Numerics;
using TinyTensor.Kernels.Gemm;

namespace TinyTensor.Tests.Kernels;

/// <summary>
/// Every GEMM path against the naive <see cref="GemmReference"/> in both element types: each micro-kernel, every
/// route (forced, so each sees every size), the four transposition forms (TT too, though no layer uses it),
/// β ∈ {0, 1, 0.5} and α ≠ 1, with the error bound scaled to the type's ε.
/// </summary>
[TestFixture]
public class GemmTests
{
    private static readonly (double Alpha, double Beta)[] Scalings = [(1.0, 0.0), (-2.5, 0.0), (1.0, 1.0), (0.75, 0.5)];

    private static readonly GemmRoute[] Routes = [GemmRoute.Small, GemmRoute.Packed, GemmRoute.Thin, GemmRoute.Direct];

    public static IEnumerable<TestCaseData> TypesKernelsAndForms()
    {
        // Type, kernel and form travel as names: the test method is public, the enums are internal.
        foreach (string type in GemmOperands.ElementTypes)
        {
            foreach (string kernel in GemmOperands.Kernels)
            {
                foreach (string form in new[] { "NN", "TN", "NT", "TT" })
                {
                    yield return new TestCaseData(type, kernel, form);
                }
            }
        }
    }

    /// <summary>
    /// M, N, K over {0, 1, 2, 3, 5, 9, MR−1, MR, MR+1, NR+1, KC+1, 2·MC+3} (the kernel's MR, NR and MC in the type),
    /// every combination except those where all three are KC+1 or 2·MC+3: those cost ≈ 80 % of the reference's time
    /// and add no case the others miss (two large dimensions already cross the KC, MC and thread-split boundaries).
    /// </summary>
    [TestCaseSource(nameof(TypesKernelsAndForms))]
    public void Matches_reference_over_every_size_combination(string type, string kernelName, string form)
    {
        if (GemmOperands.ElementType(type) == typeof(float))
        {
            EverySize<float>(kernelName, form);
        }
        else
        {
            EverySize<double>(kernelName, form);
        }
    }

    private static void EverySize<T>(string kernelName, string form)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        GemmKernelKind kernel = GemmOperands.ParseKernel(kernelName);
        (Transpose ta, Transpose tb) = GemmOperands.ParseForm(form);
        if (!Gemm.IsAccelerated(kernel))
        {
            Assert.Ignore($"{kernel} is not accelerated on this machine (it would run emulated, far too slowly).");
        }

        GemmBlocks blocks = GemmBlocking.For<T>(kernel);
        int large = blocks.KC + 1;
        int[] sizes = new[] { 0, 1, 2, 3, 5, 9, blocks.MR - 1, blocks.MR, blocks.MR + 1, blocks.NR + 1, large, (2 * blocks.MC) + 3 }
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

                    CheckAgainstReference<T>(kernel, ta, tb, m, n, k);
                    checkedProducts++;
                }
            }
        }

        Assert.That(checkedProducts, Is.EqualTo((sizes.Length * sizes.Length * sizes.Length) - 8));
    }

    /// <summary>
    /// One shape on every route and scaling: NaN in the padding of A and B, NaN in C when β = 0 (it must not be
    /// read), sentinels around and between C's rows (any change is an out-of-bounds write).
    /// </summary>
    internal static void CheckAgainstReference<T>(GemmKernelKind kernel, Transpose ta, Transpose tb, int m, int n, int k)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new System.Random((m * 1_000_003) + (n * 1009) + k);
        T[] a = GemmOperands.To<T>(GemmOperands.OperandA(rng, ta, m, k, 3, out int lda));
        T[] b = GemmOperands.To<T>(GemmOperands.OperandB(rng, tb, k, n, 2, out int ldb));

        // The reference product and its error scale |A|·|B|, in double from the operands' exact values, computed
        // once for every route and scaling.
        double[] wideA = GemmOperands.Widen(a), wideB = GemmOperands.Widen(b);
        double[] ab = new double[m * n];
        double[] absAb = new double[m * n];
        GemmReference.Multiply(ta, tb, m, n, k, 1.0, wideA, lda, wideB, ldb, 0.0, ab, n);
        GemmReference.Multiply(ta, tb, m, n, k, 1.0, wideA.Select(Math.Abs).ToArray(), lda,
            wideB.Select(Math.Abs).ToArray(), ldb, 0.0, absAb, n);

        // Sentinels the type can hold, far from any result.
        T sentinel = T.CreateTruncating(typeof(T) == typeof(float) ? -7.0e37 : -7.0e77);
        int ldc = n + 2;
        const int Before = 5;
        const int After = 5;
        T[] c = new T[Before + (m * ldc) + After];
        T[] c0 = new T[m * n];
        foreach ((double alpha, double beta) in Scalings)
        {
            for (int i = 0; i < m * n; i++)
            {
                // β = 0 must not read C: NaN there would leak into the result if it did.
                c0[i] = beta == 0.0 ? T.NaN : T.CreateTruncating((rng.NextDouble() * 2.0) - 1.0);
            }

            foreach (GemmRoute route in Routes)
            {
                Array.Fill(c, sentinel);
                for (int i = 0; i < m; i++)
                {
                    c0.AsSpan(i * n, n).CopyTo(c.AsSpan(Before + (i * ldc)));
                }

                Gemm.Multiply(GemmOptions.Force(kernel, route), ta, tb, m, n, k, T.CreateTruncating(alpha), a, lda, b,
                    ldb, T.CreateTruncating(beta), c.AsSpan(Before), ldc);

                string what = GemmOperands.Describe<T>(kernel, route, ta, tb, m, n, k, alpha, beta);
                CheckResult(what, m, n, alpha, beta, ab, absAb, GemmOperands.Widen(c0), c, sentinel, Before, ldc);
            }
        }
    }

    /// <summary>|C − C_ref| ≤ 16·ε_T·(|α|·(|A|·|B|) + |β·C₀|) everywhere, and every sentinel untouched.</summary>
    private static void CheckResult<T>(string what, int m, int n, double alpha, double beta, double[] ab,
        double[] absAb, double[] c0, T[] c, T sentinel, int before, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double epsilon = GemmOperands.Epsilon<T>();
        for (int index = 0; index < c.Length; index++)
        {
            int offset = index - before;
            int i = offset >= 0 ? offset / ldc : -1;
            int j = offset >= 0 ? offset % ldc : -1;
            bool inside = i >= 0 && i < m && j < n;
            if (!inside)
            {
                if (!c[index].Equals(sentinel))
                {
                    Assert.Fail(string.Create(CultureInfo.InvariantCulture,
                        $"{what}: wrote {c[index]} outside C at buffer offset {offset} (row {i}, column {j})."));
                }

                continue;
            }

            int e = (i * n) + j;
            double expected = beta == 0.0 ? alpha * ab[e] : (alpha * ab[e]) + (beta * c0[e]);
            double bound = 16.0 * epsilon * ((Math.Abs(alpha) * absAb[e]) + (beta == 0.0 ? 0.0 : Math.Abs(beta * c0[e])));
            double actual = double.CreateTruncating(c[index]);
            if (!(Math.Abs(actual - expected) <= bound))
            {
                Assert.Fail(string.Create(CultureInfo.InvariantCulture,
                    $"{what}: C[{i}, {j}] = {actual:R}, reference {expected:R}, " +
                    $"|diff| {Math.Abs(actual - expected):R} > {bound:R}."));
            }
        }
    }
}
