using System.Globalization;
using System.Runtime.Intrinsics;
using TinyTensor.Kernels.Gemm;

namespace TinyTensor.Tests.Kernels;

/// <summary>
/// The GEMM's promises beyond accuracy: the same bits on 1 and 2 threads, NumPy's summation order on the small
/// route, no allocation once warm, and a kernel chosen from the hardware.
/// </summary>
[TestFixture]
[NonParallelizable]
public class GemmDeterminismTests
{
    public static IEnumerable<TestCaseData> ThreadCases()
    {
        foreach (string kernel in new[] { "Vector512", "Vector256", "Scalar" })
        {
            foreach (string form in new[] { "NN", "TN", "NT" })
            {
                // Square with ragged edges and several k blocks; the MLP's batch-128 shapes; a tall, thin C; thin
                // products that take the unpacked route (n = 10, m = 10) yet are big enough to split.
                foreach ((int m, int n, int k) in new[]
                         {
                             (301, 517, 403), (128, 256, 784), (784, 256, 128), (1000, 19, 300), (2001, 10, 300),
                             (10, 1001, 700),
                         })
                {
                    yield return new TestCaseData(kernel, form, m, n, k);
                }
            }
        }
    }

    [TestCaseSource(nameof(ThreadCases))]
    public void Two_threads_give_the_same_bits_as_one(string kernelName, string form, int m, int n, int k)
    {
        GemmKernelKind kernel = GemmOperands.ParseKernel(kernelName);
        if (!Gemm.IsAccelerated(kernel))
        {
            Assert.Ignore($"{kernel} is not accelerated on this machine.");
        }

        (Transpose ta, Transpose tb) = GemmOperands.ParseForm(form);
        Assert.That(Gemm.PlanSplit(kernel, Gemm.IsSmall(tb, m, n, k), m, n, k, 2).Parts, Is.EqualTo(2),
            "the product is big enough to be split");

        var rng = new System.Random(42);
        double[] a = GemmOperands.OperandA(rng, ta, m, k, 1, out int lda);
        double[] b = GemmOperands.OperandB(rng, tb, k, n, 1, out int ldb);
        double[] c0 = GemmOperands.Random(rng, m, n, 0, out int ldc);
        foreach (double beta in new[] { 0.0, 0.5 })
        {
            double[] one = (double[])c0.Clone();
            double[] two = (double[])c0.Clone();
            using (GemmOverride.Force(kernel, GemmRoute.Auto, threads: 1))
            {
                Gemm.Multiply(ta, tb, m, n, k, 1.5, a, lda, b, ldb, beta, one, ldc);
            }

            using (GemmOverride.Force(kernel, GemmRoute.Auto, threads: 2))
            {
                Gemm.Multiply(ta, tb, m, n, k, 1.5, a, lda, b, ldb, beta, two, ldc);
            }

            for (int i = 0; i < one.Length; i++)
            {
                if (BitConverter.DoubleToInt64Bits(one[i]) != BitConverter.DoubleToInt64Bits(two[i]))
                {
                    Assert.Fail(string.Create(CultureInfo.InvariantCulture,
                        $"β={beta}: C[{i / ldc}, {i % ldc}] is {one[i]:R} on 1 thread, {two[i]:R} on 2."));
                }
            }
        }
    }

    /// <summary>The notebook's shapes (10×4·4×10, 10×10·10×3 and their backward products) and a few more.</summary>
    [TestCase("Vector512")]
    [TestCase("Vector256")]
    [TestCase("Scalar")]
    public void Small_products_sum_in_numpy_order_bit_for_bit(string kernelName)
    {
        GemmKernelKind kernel = GemmOperands.ParseKernel(kernelName);
        if (!Gemm.IsAccelerated(kernel))
        {
            Assert.Ignore($"{kernel} is not accelerated on this machine.");
        }

        var rng = new System.Random(7);
        foreach ((int m, int n, int k) in new[]
                 {
                     (10, 10, 4), (10, 3, 10), (4, 10, 10), (10, 4, 10), (10, 10, 3), (3, 37, 29), (31, 33, 17),
                 })
        {
            foreach (string form in new[] { "NN", "TN", "NT" })
            {
                (Transpose ta, Transpose tb) = GemmOperands.ParseForm(form);
                double[] a = GemmOperands.OperandA(rng, ta, m, k, 0, out int lda);
                double[] b = GemmOperands.OperandB(rng, tb, k, n, 0, out int ldb);
                double[] c = new double[m * n];
                using (GemmOverride.Force(kernel))
                {
                    Gemm.Multiply(ta, tb, m, n, k, 1.0, a, lda, b, ldb, 0.0, c, n);
                }

                for (int i = 0; i < m; i++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        // OpenBLAS's small-product order: from 0, in k order, product rounded then sum rounded.
                        double sum = 0.0;
                        for (int p = 0; p < k; p++)
                        {
                            double aip = ta == Transpose.None ? a[(i * lda) + p] : a[(p * lda) + i];
                            double bpj = tb == Transpose.None ? b[(p * ldb) + j] : b[(j * ldb) + p];
                            double product = aip * bpj;
                            sum += product;
                        }

                        Assert.That(BitConverter.DoubleToInt64Bits(c[(i * n) + j]),
                            Is.EqualTo(BitConverter.DoubleToInt64Bits(sum)),
                            $"{kernel} {form} {m}×{n}×{k}: C[{i}, {j}]");
                    }
                }
            }
        }
    }

    [TestCase(1)]
    [TestCase(2)]
    public void A_warm_product_allocates_nothing(int threads)
    {
        const int M = 128, N = 256, K = 784;
        double[] a = new double[M * K];
        double[] b = new double[K * N];
        double[] c = new double[M * N];
        using (GemmOverride.Force(Gemm.DetectKernel(), GemmRoute.Auto, threads))
        {
            foreach (string form in new[] { "NN", "TN", "NT" })
            {
                Warm(form);
            }

            // Precise totals over all threads; a test host thread may allocate meanwhile, so one clean run of three
            // is enough to show the GEMM itself allocates nothing.
            long least = long.MaxValue;
            for (int attempt = 0; attempt < 3 && least > 0; attempt++)
            {
                long before = GC.GetTotalAllocatedBytes(precise: true);
                Warm("NN");
                Warm("TN");
                Warm("NT");
                Gemm.Multiply(Transpose.None, Transpose.None, 10, 3, 10, 1.0, a, 10, b, 3, 0.0, c, 3);
                least = Math.Min(least, GC.GetTotalAllocatedBytes(precise: true) - before);
            }

            Assert.That(least, Is.Zero);
        }

        void Warm(string form)
        {
            switch (form)
            {
                case "NN":
                    Gemm.Multiply(Transpose.None, Transpose.None, M, N, K, 1.0, a, K, b, N, 0.0, c, N);
                    break;
                case "TN":
                    Gemm.Multiply(Transpose.Transposed, Transpose.None, K, N, M, 1.0, a, K, c, N, 0.0, b, N);
                    break;
                default:
                    Gemm.Multiply(Transpose.None, Transpose.Transposed, M, K, N, 1.0, c, N, b, N, 0.0, a, K);
                    break;
            }
        }
    }

    [Test]
    public void The_default_kernel_is_the_widest_the_hardware_accelerates()
    {
        GemmKernelKind expected = Vector512.IsHardwareAccelerated ? GemmKernelKind.Vector512
            : Vector256.IsHardwareAccelerated && System.Runtime.Intrinsics.X86.Fma.IsSupported ? GemmKernelKind.Vector256
            : GemmKernelKind.Scalar;
        TestContext.Out.WriteLine($"GEMM kernel chosen here: {Gemm.DetectKernel()}");
        Assert.That(Gemm.DetectKernel(), Is.EqualTo(expected));
        Assert.That(Gemm.IsAccelerated(Gemm.DetectKernel()), Is.True);
    }

    [Test]
    public void Tiny_and_empty_products_follow_blas()
    {
        double[] c = [double.NaN, double.NaN, 2.0, 4.0];

        // k = 0: C = β·C, and β = 0 clears C without reading it.
        Gemm.Multiply(Transpose.None, Transpose.None, 1, 2, 0, 1.0, [], 1, [], 2, 0.0, c, 2);
        Gemm.Multiply(Transpose.None, Transpose.None, 1, 2, 0, 1.0, [], 1, [], 2, 0.5, c.AsSpan(2), 2);
        Assert.That(c, Is.EqualTo(new[] { 0.0, 0.0, 1.0, 2.0 }));

        // α = 0: C = β·C without reading A or B (NaN there must not leak).
        double[] scaled = [1.0, 2.0, 3.0, 4.0];
        Gemm.Multiply(Transpose.None, Transpose.None, 2, 2, 1, 0.0, [double.NaN, double.NaN], 1,
            [double.NaN, double.NaN], 2, 0.5, scaled, 2);
        Assert.That(scaled, Is.EqualTo(new[] { 0.5, 1.0, 1.5, 2.0 }));

        // m = 0 or n = 0: nothing to write, nothing touched.
        Gemm.Multiply(Transpose.None, Transpose.None, 0, 2, 3, 1.0, [], 3, [1, 2, 3, 4, 5, 6], 2, 0.0, [], 2);
        Assert.That(c, Is.EqualTo(new[] { 0.0, 0.0, 1.0, 2.0 }));
    }
}
