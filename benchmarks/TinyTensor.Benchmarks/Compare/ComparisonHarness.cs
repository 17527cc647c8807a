using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using TinyTensor.Kernels.Gemm;
using TinyTensor.Layers;
using TinyTensor.Optim;

namespace TinyTensor.Benchmarks.Compare;

/// <summary>
/// The TinyTensor half of <c>benchmarks/compare/run.sh</c>: the same workloads as <c>numpy_workloads.py</c> and
/// <c>torch_workloads.py</c>, timed the same way (median of samples lasting ≥ 20 ms each, after a warm-up), one JSON
/// object per line on stdout (<c>workload</c>, <c>dtype</c>, <c>threads</c>, then <c>median_s</c> or <c>error</c>).
/// Everything runs in float64; the square GEMM at n ≥ 512, the MLP steps and the CNN step also in float32.
/// A workload that throws prints its error instead of a time (see <see cref="Emit"/>). BenchmarkDotNet stays the
/// tool for the per-benchmark detail; this harness exists so that TinyTensor, NumPy and PyTorch run in one script,
/// back to back, with the same sampling.
/// </summary>
internal static class ComparisonHarness
{
    private const double WarmUpSeconds = 2.0;

    /// <summary>COMPARE_ONLY (a workload-name prefix, as run.sh passes it) limits the run to matching workloads.</summary>
    private static readonly string Only = Environment.GetEnvironmentVariable("COMPARE_ONLY") ?? "";

    /// <summary>Error messages as written (the default encoder turns &lt; into \u003C): only Python reads these lines.</summary>
    private static readonly JsonSerializerOptions ReadableJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Square GEMM sizes timed in float64 (NumPy's and PyTorch's float64 rows have the same).</summary>
    private static readonly int[] GemmSizes = [16, 32, 64, 128, 256, 512, 1024, 2048];

    /// <summary>Square GEMM sizes also timed in float32: issue 10's SGEMM targets are for n ≥ 512.</summary>
    private static readonly int[] Float32GemmSizes = [512, 1024, 2048];

    /// <summary>The MLP training steps (name, layer sizes, batch), timed in both element types.</summary>
    private static readonly (string Name, int[] Sizes, int Batch)[] Mlps =
    [
        ("step_784-256-10_b32", [784, 256, 10], 32),
        ("step_784-256-10_b128", [784, 256, 10], 128),
        ("step_784-1024-1024-10_b256", [784, 1024, 1024, 10], 256),
    ];

    public static int Run(int threads)
    {
        Parallelism.NumThreads = threads;
        var rng = new RandomState(1);
        // The float32 rows draw from their own generator, so the float64 rows see the same data as before they existed.
        var rng32 = new RandomState(3);

        foreach (int n in GemmSizes)
        {
            Tensor a = rng.Randn(n, n), b = rng.Randn(n, n), c = new(n, n);
            Emit($"gemm_{n}", DType.Float64, threads, () => MedianTime(() => Tensor.MatMul(a, b, c)));
        }

        foreach (int n in Float32GemmSizes)
        {
            Tensor a = rng32.Randn(DType.Float32, n, n), b = rng32.Randn(DType.Float32, n, n), c = new(DType.Float32, n, n);
            Emit($"gemm_{n}", DType.Float32, threads, () => MedianTime(() => MatMulFloat32(a, b, c)));
        }

        // (name, A's stored shape, B's stored shape, transpose A, transpose B), as in numpy_workloads.py.
        (string Name, int[] A, int[] B, bool TransA, bool TransB)[] shapes =
        [
            ("mlp_fwd_128x784x256", [128, 784], [784, 256], false, false),
            ("mlp_fwd_128x256x10", [128, 256], [256, 10], false, false),
            ("mlp_dW_784x128x256", [128, 784], [128, 256], true, false),
            ("mlp_dx_128x256x784", [128, 256], [784, 256], false, true),
            ("mlp_dW_256x128x10", [128, 256], [128, 10], true, false),
            ("mlp_dx_128x10x256", [128, 10], [256, 10], false, true),
        ];
        foreach (var (name, shapeA, shapeB, transA, transB) in shapes)
        {
            Tensor a = rng.Randn(shapeA), b = rng.Randn(shapeB);
            int m = transA ? shapeA[1] : shapeA[0];
            int k = transA ? shapeA[0] : shapeA[1];
            int n = transB ? shapeB[0] : shapeB[1];
            var c = new double[m * n];
            Emit(name, DType.Float64, threads, () => MedianTime(() => Gemm.Multiply(
                transA ? Transpose.Transposed : Transpose.None, transB ? Transpose.Transposed : Transpose.None,
                m, n, k, 1.0, a.AsReadOnlySpan(), shapeA[1], b.AsReadOnlySpan(), shapeB[1], 0.0, c, n)));
        }

        var notebook = NotebookSetup();
        Emit("notebook_epoch", DType.Float64, threads, () => MedianTime(() => notebook.Step()));

        foreach (var (name, sizes, batch) in Mlps)
        {
            var step = MlpSetup(rng, sizes, batch, DType.Float64);
            Emit(name, DType.Float64, threads, () => MedianTime(() => step.Step()));
            // Built inside the measurement, so a float32 layer that is not there yet reports its error as the row.
            Emit(name, DType.Float32, threads, () =>
            {
                var step32 = MlpSetup(rng32, sizes, batch, DType.Float32);
                return MedianTime(() => step32.Step());
            });
        }

        // Issue 11: the default CNN's training step, beside PyTorch's in torch_workloads.py.
        var cnn = new DefaultCnn(64, rng);
        Emit("cnn_step_b64", DType.Float64, threads, () => MedianTime(() => cnn.Step()));
        Emit("cnn_step_b64", DType.Float32, threads, () =>
        {
            var cnn32 = DefaultCnnIn(DType.Float32, 64, rng32);
            return MedianTime(() => cnn32.Step());
        });

        TensorOps(threads);
        return 0;
    }

    /// <summary>
    /// The <c>peak</c> command: the FMA peak (<see cref="FmaPeak.Measure"/>) in both element types on
    /// <paramref name="threads"/> threads at once, one JSON line each, which run.sh probes before the workloads and
    /// compare.py divides the GEMM rows by.
    /// </summary>
    public static int Peak(int threads)
    {
        int width = FmaPeak.Width;
        foreach (DType dtype in new[] { DType.Float64, DType.Float32 })
        {
            double gflops = FmaPeak.Measure(dtype == DType.Float32, width, threads, TimeSpan.FromMilliseconds(300));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{{\"peak_gflops\": {gflops:R}, \"dtype\": \"{dtype.Name()}\", \"threads\": {threads}, \"width\": {width}}}"));
        }

        return 0;
    }

    /// <summary>C = A·B for float32 tensors through the GEMM kernel itself (the one <see cref="Tensor.MatMul(Tensor,
    /// Tensor, Tensor)"/> calls), which runs in float32 already; MatMul's checks cost nanoseconds at n ≥ 512.</summary>
    private static void MatMulFloat32(Tensor a, Tensor b, Tensor c)
    {
        int m = a.Shape[0], k = a.Shape[1], n = b.Shape[1];
        Gemm.Multiply(Transpose.None, Transpose.None, m, n, k, 1f, a.AsReadOnlySpan<float>(), k,
            b.AsReadOnlySpan<float>(), n, 0f, c.AsSpan<float>(), n);
    }

    /// <summary>
    /// The default CNN in <paramref name="dtype"/>. <see cref="DefaultCnn"/> belongs to the CNN benchmarks, whose
    /// float32 version (issue 10, the conv layers' branch) gives its constructor a <see cref="DType"/>; until then
    /// there is no such constructor and the row reports that. The constructor is found by its parameter types, so
    /// this builds on either side of that change; call it directly once it has landed.
    /// </summary>
    private static DefaultCnn DefaultCnnIn(DType dtype, int batch, RandomState rng)
    {
        foreach (ConstructorInfo constructor in typeof(DefaultCnn).GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance))
        {
            Type[] types = constructor.GetParameters().Select(p => p.ParameterType).ToArray();
            if (types.Length == 3 && types.Contains(typeof(DType)) && types.Contains(typeof(int)) && types.Contains(typeof(RandomState)))
            {
                object[] arguments = types.Select(t => t == typeof(DType) ? dtype : t == typeof(int) ? batch : (object)rng).ToArray();
                try
                {
                    return (DefaultCnn)constructor.Invoke(arguments);
                }
                catch (TargetInvocationException e) when (e.InnerException is not null)
                {
                    ExceptionDispatchInfo.Throw(e.InnerException);
                }
            }
        }

        throw new NotSupportedException($"DefaultCnn has no constructor taking a DType yet: no {dtype.Name()} CNN.");
    }

    /// <summary>The tensor operations at 1024×1024, as numpy_workloads.py's tensor_* workloads (single-threaded on
    /// both sides: neither library splits elementwise ops or reductions across threads).</summary>
    private static void TensorOps(int threads)
    {
        var rng = new RandomState(2);
        Tensor a = rng.Randn(1024, 1024), b = rng.Randn(1024, 1024), row = rng.Randn(1024), column = rng.Randn(1024, 1);
        var c = new Tensor(1024, 1024);
        Emit("tensor_add_1024x1024", DType.Float64, threads, () => MedianTime(() => Tensor.Add(a, b, c)));
        Emit("tensor_add_row_1024x1024", DType.Float64, threads, () => MedianTime(() => Tensor.Add(a, row, c)));
        Emit("tensor_add_column_1024x1024", DType.Float64, threads, () => MedianTime(() => Tensor.Add(a, column, c)));
        Emit("tensor_sum_axis0_1024x1024", DType.Float64, threads, () => MedianTime(() => a.Sum(0)));
        Emit("tensor_sum_axis1_1024x1024", DType.Float64, threads, () => MedianTime(() => a.Sum(1)));
        Emit("tensor_argmax_axis1_1024x1024", DType.Float64, threads, () => MedianTime(() => a.ArgMax(1)));
    }

    private static StepRunner NotebookSetup()
    {
        var rng = new RandomState(0);
        var net = new Sequential(new Linear(4, 10, rng), new ReLU(), new Linear(10, 3, rng), new Softmax());
        rng.Seed(0);
        Tensor x = 10 * rng.Randn(10, 4);
        return new StepRunner(net, x, rng.RandInt(0, 3, 10), learningRate: 1e-9);
    }

    /// <summary>
    /// Linear/ReLU layers ending in Softmax, weights drawn N(0, 2/fan_in) as the NumPy side does, built in float64
    /// and converted to <paramref name="dtype"/> with the public API (<see cref="Layer.To"/>, <see cref="Tensor.To"/>)
    /// before the optimiser is built.
    /// </summary>
    private static StepRunner MlpSetup(RandomState rng, int[] sizes, int batch, DType dtype)
    {
        var modules = new List<Layer>();
        for (int i = 0; i < sizes.Length - 1; i++)
        {
            var linear = new Linear(sizes[i], sizes[i + 1], rng);
            Tensor w = rng.Normal(0, Math.Sqrt(2.0 / sizes[i]), sizes[i], sizes[i + 1]);
            linear.Weight.CopyFrom(w);
            linear.Bias.Fill(0);
            modules.Add(linear);
            modules.Add(i < sizes.Length - 2 ? new ReLU() : new Softmax());
        }

        Tensor x = rng.Rand(dtype, batch, sizes[0]);
        int[] y = rng.RandInt(0, sizes[^1], batch);
        var net = new Sequential([.. modules]);
        net.To(dtype);
        return new StepRunner(net, x, y, learningRate: 0.01);
    }

    private static double MedianTime(Action action, double minSampleSeconds = 0.02, int samples = 15, double maxTotalSeconds = 3.0)
    {
        // Warm up for two seconds (at least two calls) so tiered JIT has promoted the hot methods to optimised code
        // before anything is measured: with half a second, the first microsecond-scale workload measured 4.7 µs
        // instead of 1.0. NumPy has no JIT; its side warms up for half a second.
        long warmUp = Stopwatch.GetTimestamp();
        for (int calls = 0; calls < 2 || Stopwatch.GetElapsedTime(warmUp).TotalSeconds < WarmUpSeconds; calls++)
        {
            action();
        }

        long start = Stopwatch.GetTimestamp();
        action();
        double once = Math.Max(Stopwatch.GetElapsedTime(start).TotalSeconds, 1e-9);
        int inner = Math.Max(1, (int)(minSampleSeconds / once));
        samples = Math.Max(5, Math.Min(samples, (int)(maxTotalSeconds / (once * inner))));
        var times = new double[samples];
        for (int s = 0; s < samples; s++)
        {
            long t0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < inner; i++)
            {
                action();
            }

            times[s] = Stopwatch.GetElapsedTime(t0).TotalSeconds / inner;
        }

        Array.Sort(times);
        return samples % 2 == 1 ? times[samples / 2] : (times[(samples / 2) - 1] + times[samples / 2]) / 2;
    }

    /// <summary>
    /// Measures and prints one row: <c>median_s</c>, or <c>error</c> with the exception's type and message when the
    /// workload throws (a float32 layer that does not exist yet), so one missing piece costs its row, not the run.
    /// </summary>
    private static void Emit(string workload, DType dtype, int threads, Func<double> measure)
    {
        if (!workload.StartsWith(Only, StringComparison.Ordinal))
        {
            return;
        }

        string result;
        try
        {
            result = string.Create(CultureInfo.InvariantCulture, $"\"median_s\": {measure():R}");
        }
#pragma warning disable CA1031 // Any failure of a workload becomes its row's "failed: …" in the table.
        catch (Exception e)
#pragma warning restore CA1031
        {
            result = $"\"error\": {JsonSerializer.Serialize($"{e.GetType().Name}: {e.Message}", ReadableJson)}";
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"workload\": \"{workload}\", \"dtype\": \"{dtype.Name()}\", \"threads\": {threads}, {result}}}"));
    }

    /// <summary>One training step: forward, loss, zero_grad, backward (no input gradient), SGD step.</summary>
    private sealed class StepRunner(Sequential net, Tensor x, int[] y, double learningRate)
    {
        private readonly CrossEntropyLoss _loss = new();
        private readonly SGD _optim = new(net, learningRate, weightDecay: 1e-5);

        public double Step()
        {
            double loss = _loss.Forward(net.Forward(x), y);
            _optim.ZeroGrad();
            net.BackwardParameters(_loss.Backward());
            _optim.Step();
            return loss;
        }
    }
}
