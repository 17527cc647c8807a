using System.Globalization;
using System.Numerics;
using System.Runtime.Intrinsics;
using TinyTensor.Kernels.Gemm;

namespace TinyTensor.Tests.Kernels;

/// <summary>
/// The GEMM's promises beyond accuracy, in both element types: the same bits on 1 and 2 threads, NumPy's summation
/// order on the small route, no allocation once warm, and a kernel chosen from the hardware.
/// </summary>
[TestFixture]
public class GemmDeterminismTests
{
    public static IEnumerable<TestCaseData> ThreadCases()
    {
        foreach (string type in GemmOperands.ElementTypes)
        {
            foreach (string kernel in GemmOperands.Kernels)
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
                        yield return new TestCaseData(type, kernel, form, m, n, k);
                    }
                }
            }
        }
    }

    [TestCaseSource(nameof(ThreadCases))]
    public void Two_threads_give_the_same_bits_as_one(string type, string kernelName, string form, int m, int n, int k)
    {
        if (GemmOperands.ElementType(type) == typeof(float))
        {
            OneVersusTwoThreads<float>(kernelName, form, m, n, k);
        }
        else
        {
            OneVersusTwoThreads<double>(kernelName, form, m, n, k);
        }
    }

    private static void OneVersusTwoThreads<T>(string kernelName, string form, int m, int n, int k)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        GemmKernelKind kernel = GemmOperands.ParseKernel(kernelName);
        if (!Gemm.IsAccelerated(kernel))
        {
            Assert.Ignore($"{kernel} is not accelerated on this machine.");
        }

        (Transpose ta, Transpose tb) = GemmOperands.ParseForm(form);
        var one = GemmOptions.Force(kernel, GemmRoute.Auto, threads: 1);
        var two = GemmOptions.Force(kernel, GemmRoute.Auto, threads: 2);
        Assert.That(GemmPlanner.Plan<T>(two, ta, tb, m, n, k).Parts, Is.EqualTo(2), "the product is big enough to be split");
        Assert.That(GemmPlanner.Plan<T>(one, ta, tb, m, n, k).Route, Is.EqualTo(GemmPlanner.Plan<T>(two, ta, tb, m, n, k).Route),
            "the thread count never changes the route");

        var rng = new System.Random(42);
        T[] a = GemmOperands.To<T>(GemmOperands.OperandA(rng, ta, m, k, 1, out int lda));
        T[] b = GemmOperands.To<T>(GemmOperands.OperandB(rng, tb, k, n, 1, out int ldb));
        T[] c0 = GemmOperands.To<T>(GemmOperands.Random(rng, m, n, 0, out int ldc));
        foreach (double beta in new[] { 0.0, 0.5 })
        {
            T[] cOne = (T[])c0.Clone();
            T[] cTwo = (T[])c0.Clone();
            T alpha = T.CreateTruncating(1.5), b2 = T.CreateTruncating(beta);
            Gemm.Multiply(one, ta, tb, m, n, k, alpha, a, lda, b, ldb, b2, cOne, ldc);
            Gemm.Multiply(two, ta, tb, m, n, k, alpha, a, lda, b, ldb, b2, cTwo, ldc);
            long[] bitsOne = GemmOperands.Bits(cOne), bitsTwo = GemmOperands.Bits(cTwo);
            for (int i = 0; i < bitsOne.Length; i++)
            {
                if (bitsOne[i] != bitsTwo[i])
                {
                    Assert.Fail(string.Create(CultureInfo.InvariantCulture,
                        $"β={beta}: C[{i / ldc}, {i % ldc}] is {cOne[i]} on 1 thread, {cTwo[i]} on 2."));
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
                Gemm.Multiply(GemmOptions.Force(kernel), ta, tb, m, n, k, 1.0, a, lda, b, ldb, 0.0, c, n);

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

    /// <summary>The small route in float32 keeps the same order in float32 arithmetic (product, then sum, rounded to float).</summary>
    [TestCase("Vector512")]
    [TestCase("Vector256")]
    [TestCase("Scalar")]
    public void Small_products_in_float32_sum_in_k_order_bit_for_bit(string kernelName)
    {
        GemmKernelKind kernel = GemmOperands.ParseKernel(kernelName);
        if (!Gemm.IsAccelerated(kernel))
        {
            Assert.Ignore($"{kernel} is not accelerated on this machine.");
        }

        var rng = new System.Random(8);
        foreach ((int m, int n, int k) in new[] { (10, 10, 4), (10, 3, 10), (17, 2, 9), (3, 37, 29), (31, 33, 17) })
        {
            foreach (string form in new[] { "NN", "TN", "NT" })
            {
                (Transpose ta, Transpose tb) = GemmOperands.ParseForm(form);
                float[] a = GemmOperands.To<float>(GemmOperands.OperandA(rng, ta, m, k, 0, out int lda));
                float[] b = GemmOperands.To<float>(GemmOperands.OperandB(rng, tb, k, n, 0, out int ldb));
                float[] c = new float[m * n];
                Gemm.Multiply(GemmOptions.Force(kernel), ta, tb, m, n, k, 1.0f, a, lda, b, ldb, 0.0f, c, n);
                for (int i = 0; i < m; i++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        float sum = 0.0f;
                        for (int p = 0; p < k; p++)
                        {
                            float aip = ta == Transpose.None ? a[(i * lda) + p] : a[(p * lda) + i];
                            float bpj = tb == Transpose.None ? b[(p * ldb) + j] : b[(j * ldb) + p];
                            float product = aip * bpj;
                            sum += product;
                        }

                        Assert.That(BitConverter.SingleToInt32Bits(c[(i * n) + j]), Is.EqualTo(BitConverter.SingleToInt32Bits(sum)),
                            $"{kernel} {form} {m}×{n}×{k}: C[{i}, {j}]");
                    }
                }
            }
        }
    }

    [TestCase("Float64", 1)]
    [TestCase("Float64", 2)]
    [TestCase("Float32", 1)]
    [TestCase("Float32", 2)]
    public void A_warm_product_allocates_nothing(string type, int threads)
    {
        if (GemmOperands.ElementType(type) == typeof(float))
        {
            WarmAllocatesNothing<float>(threads);
        }
        else
        {
            WarmAllocatesNothing<double>(threads);
        }
    }

    private static void WarmAllocatesNothing<T>(int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int M = 128, N = 256, K = 784;
        T[] a = new T[M * K];
        T[] b = new T[K * N];
        T[] c = new T[M * N];
        var options = GemmOptions.Force(Gemm.DetectKernel(), GemmRoute.Auto, threads);
        foreach (string form in new[] { "NN", "TN", "NT" })
        {
            Warm(form);
        }

        // Precise totals over all threads (the GEMM's workers included). Another thread of the process may allocate
        // meanwhile (the test host; the tiered JIT, whose background compilations of freshly hot methods allocate a
        // few hundred bytes now and then), so one clean run of ten, 10 ms apart, is enough to show the GEMM itself
        // allocates nothing: a GEMM that allocated would do so in every run.
        long least = long.MaxValue;
        for (int attempt = 0; attempt < 10 && least > 0; attempt++)
        {
            if (attempt > 0)
            {
                Thread.Sleep(10);
            }

            long before = GC.GetTotalAllocatedBytes(precise: true);
            Warm("NN");
            Warm("TN");
            Warm("NT");
            Gemm.Multiply(options, Transpose.None, Transpose.None, 10, 3, 10, T.One, a, 10, b, 3, T.Zero, c, 3);
            least = Math.Min(least, GC.GetTotalAllocatedBytes(precise: true) - before);
        }

        Assert.That(least, Is.Zero);

        void Warm(string form)
        {
            switch (form)
            {
                case "NN":
                    Gemm.Multiply(options, Transpose.None, Transpose.None, M, N, K, T.One, a, K, b, N, T.Zero, c, N);
                    break;
                case "TN":
                    Gemm.Multiply(options, Transpose.Transposed, Transpose.None, K, N, M, T.One, a, K, c, N, T.Zero, b, N);
                    break;
                default:
                    Gemm.Multiply(options, Transpose.None, Transpose.Transposed, M, K, N, T.One, c, N, b, N, T.Zero, a, K);
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
        Assert.That(Gemm.DefaultKernel, Is.EqualTo(expected));
        Assert.That(Gemm.IsAccelerated(Gemm.DetectKernel()), Is.True);
    }

    [Test]
    public void The_default_options_are_the_library_defaults()
    {
        GemmOptions options = GemmOptions.Default;
        Assert.That(options.Kernel, Is.EqualTo(Gemm.DefaultKernel));
        Assert.That(options.Route, Is.EqualTo(GemmRoute.Auto));
        Assert.That(options.Threads, Is.EqualTo(Parallelism.NumThreads));
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

        // The same in float32.
        float[] f = [float.NaN, float.NaN, 2.0f, 4.0f];
        Gemm.Multiply(Transpose.None, Transpose.None, 1, 2, 0, 1.0f, [], 1, [], 2, 0.0f, f, 2);
        Gemm.Multiply(Transpose.None, Transpose.None, 1, 2, 0, 1.0f, [], 1, [], 2, 0.5f, f.AsSpan(2), 2);
        Assert.That(f, Is.EqualTo(new[] { 0.0f, 0.0f, 1.0f, 2.0f }));
        float[] fScaled = [1.0f, 2.0f, 3.0f, 4.0f];
        Gemm.Multiply(Transpose.None, Transpose.None, 2, 2, 1, 0.0f, [float.NaN, float.NaN], 1,
            [float.NaN, float.NaN], 2, 0.5f, fScaled, 2);
        Assert.That(fScaled, Is.EqualTo(new[] { 0.5f, 1.0f, 1.5f, 2.0f }));
    }
}
