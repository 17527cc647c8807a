using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using TinyTensor.Layers;
using TinyTensor.Optim;

namespace TinyTensor.Benchmarks;

/// <summary>
/// One training step (forward, loss, zero_grad, backward without the input gradient, SGD step) of the MLPs of
/// issue 3: 784-256-10 at batch 32 and 128, 784-1024-1024-10 at batch 256; ReLU hidden layers, Softmax +
/// CrossEntropyLoss, at 1 and 2 threads, in float64 and float32 (the float64 network converted with
/// <c>To(DType.Float32)</c>: the same initial values rounded, the same batch rounded). Allocated bytes must be 0.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class TrainingStepBenchmark
{
    private Sequential _net = null!;
    private CrossEntropyLoss _loss = null!;
    private SGD _optim = null!;
    private Tensor _x = null!;
    private int[] _y = null!;

    [Params("784-256-10", "784-1024-1024-10")]
    public string Layers { get; set; } = "";

    [Params(32, 128, 256)]
    public int Batch { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [Params(DType.Float64, DType.Float32)]
    public DType DType { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Parallelism.NumThreads = Threads;
        int[] sizes = Layers.Split('-').Select(int.Parse).ToArray();
        var rng = new RandomState(1);
        var modules = new List<Layer>();
        for (int i = 0; i < sizes.Length - 1; i++)
        {
            var linear = new Linear(sizes[i], sizes[i + 1], rng);
            linear.Weight.CopyFrom(rng.Normal(0, Math.Sqrt(2.0 / sizes[i]), sizes[i], sizes[i + 1]));
            modules.Add(linear);
            modules.Add(i < sizes.Length - 2 ? new ReLU() : new Softmax());
        }

        _net = new Sequential([.. modules]);
        _net.To(DType);
        _x = rng.Rand(DType, Batch, sizes[0]);
        _y = rng.RandInt(0, sizes[^1], Batch);
        _loss = new CrossEntropyLoss();
        _optim = new SGD(_net, learningRate: 0.01, weightDecay: 1e-5);
        Step();
    }

    [Benchmark]
    public double Step()
    {
        double loss = _loss.Forward(_net.Forward(_x), _y);
        _optim.ZeroGrad();
        _net.BackwardParameters(_loss.Backward());
        _optim.Step();
        return loss;
    }

    /// <summary>Only the combinations issue 3 measures, plus the samples/s column.</summary>
    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddColumn(new SamplesPerSecondColumn());
            AddFilter(new BenchmarkDotNet.Filters.SimpleFilter(b =>
            {
                var p = b.Parameters;
                string layers = (string)p["Layers"];
                int batch = (int)p["Batch"];
                return layers == "784-256-10" ? batch is 32 or 128 : batch == 256;
            }));
        }
    }
}
