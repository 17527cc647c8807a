using System.Diagnostics;
using System.Globalization;
using TinyTensor.Kernels.Gemm;
using TinyTensor.Layers;
using TinyTensor.Optim;

namespace TinyTensor.Benchmarks.Compare;

/// <summary>
/// The TinyTensor half of <c>benchmarks/compare/run.sh</c>: the same workloads as <c>numpy_workloads.py</c>, timed
/// the same way (median of samples lasting ≥ 20 ms each, after a warm-up), one JSON object per line on stdout.
/// BenchmarkDotNet stays the tool for the per-benchmark detail; this harness exists so that both libraries run in
/// one script, back to back, with the same sampling.
/// </summary>
internal static class ComparisonHarness
{
    private const double WarmUpSeconds = 2.0;

    /// <summary>COMPARE_ONLY (a workload-name prefix, as run.sh passes it) limits the run to matching workloads.</summary>
    private static readonly string Only = Environment.GetEnvironmentVariable("COMPARE_ONLY") ?? "";

    public static int Run(int threads)
    {
        Parallelism.NumThreads = threads;
        var rng = new RandomState(1);

        foreach (int n in new[] { 16, 32, 64, 128, 256, 512, 1024, 2048 })
        {
            Tensor a = rng.Randn(n, n), b = rng.Randn(n, n), c = new(n, n);
            Emit($"gemm_{n}", threads, () => MedianTime(() => Tensor.MatMul(a, b, c)));
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
            Emit(name, threads, () => MedianTime(() => Gemm.Multiply(
                transA ? Transpose.Transposed : Transpose.None, transB ? Transpose.Transposed : Transpose.None,
                m, n, k, 1.0, a.AsReadOnlySpan(), shapeA[1], b.AsReadOnlySpan(), shapeB[1], 0.0, c, n)));
        }

        var notebook = NotebookSetup();
        Emit("notebook_epoch", threads, () => MedianTime(() => notebook.Step()));

        foreach (var (name, sizes, batch) in new (string, int[], int)[]
        {
            ("step_784-256-10_b32", [784, 256, 10], 32),
            ("step_784-256-10_b128", [784, 256, 10], 128),
            ("step_784-1024-1024-10_b256", [784, 1024, 1024, 10], 256),
        })
        {
            var step = MlpSetup(rng, sizes, batch);
            Emit(name, threads, () => MedianTime(() => step.Step()));
        }

        // Issue 11: the default CNN's training step (float64), beside PyTorch's in torch_workloads.py.
        var cnn = new DefaultCnn(64, rng);
        Emit("cnn_step_b64", threads, () => MedianTime(() => cnn.Step()));

        TensorOps(threads);
        return 0;
    }

    /// <summary>The tensor operations at 1024×1024, as numpy_workloads.py's tensor_* workloads (single-threaded on
    /// both sides: neither library splits elementwise ops or reductions across threads).</summary>
    private static void TensorOps(int threads)
    {
        var rng = new RandomState(2);
        Tensor a = rng.Randn(1024, 1024), b = rng.Randn(1024, 1024), row = rng.Randn(1024), column = rng.Randn(1024, 1);
        var c = new Tensor(1024, 1024);
        Emit("tensor_add_1024x1024", threads, () => MedianTime(() => Tensor.Add(a, b, c)));
        Emit("tensor_add_row_1024x1024", threads, () => MedianTime(() => Tensor.Add(a, row, c)));
        Emit("tensor_add_column_1024x1024", threads, () => MedianTime(() => Tensor.Add(a, column, c)));
        Emit("tensor_sum_axis0_1024x1024", threads, () => MedianTime(() => a.Sum(0)));
        Emit("tensor_sum_axis1_1024x1024", threads, () => MedianTime(() => a.Sum(1)));
        Emit("tensor_argmax_axis1_1024x1024", threads, () => MedianTime(() => a.ArgMax(1)));
    }

    private static StepRunner NotebookSetup()
    {
        var rng = new RandomState(0);
        var net = new Sequential(new Linear(4, 10, rng), new ReLU(), new Linear(10, 3, rng), new Softmax());
        rng.Seed(0);
        Tensor x = 10 * rng.Randn(10, 4);
        return new StepRunner(net, x, rng.RandInt(0, 3, 10), learningRate: 1e-9);
    }

    /// <summary>Linear/ReLU layers ending in Softmax, weights drawn N(0, 2/fan_in) as the NumPy side does.</summary>
    private static StepRunner MlpSetup(RandomState rng, int[] sizes, int batch)
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

        Tensor x = rng.Rand(batch, sizes[0]);
        int[] y = rng.RandInt(0, sizes[^1], batch);
        return new StepRunner(new Sequential([.. modules]), x, y, learningRate: 0.01);
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

    private static void Emit(string workload, int threads, Func<double> measure)
    {
        if (workload.StartsWith(Only, StringComparison.Ordinal))
        {
            double seconds = measure();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{{\"workload\": \"{workload}\", \"threads\": {threads}, \"median_s\": {seconds:R}}}"));
        }
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
