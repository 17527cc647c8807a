using BenchmarkDotNet.Attributes;
using TinyTensor.Layers;
using TinyTensor.Optim;

namespace TinyTensor.Benchmarks;

/// <summary>
/// Issue 11's CNN figures: one training step (forward, softmax cross-entropy, zero_grad, backward without the input
/// gradient, Adam step) of the CLI's default CNN (<c>train --model cnn</c>:
/// conv16k3p1, relu, maxpool2, conv32k3p1, relu, maxpool2, flatten, linear128, relu, linear) at batch 64 on
/// (1, 28, 28) images, and the second Conv2d (16 → 32 channels, 3×3, padding 1, on 14×14) forward and backward alone;
/// 1 and 2 threads, float64. Allocated bytes must be 0.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class CnnBenchmarks
{
    private Sequential _net = null!;
    private SoftmaxCrossEntropyLoss _loss = null!;
    private Adam _optim = null!;
    private Tensor _x = null!;
    private int[] _y = null!;
    private Conv2d _conv = null!;
    private Tensor _convInput = null!;
    private Tensor _convGrad = null!;

    [Params(64)]
    public int Batch { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Parallelism.NumThreads = Threads;
        var rng = new RandomState(1);
        // The layers ArchitectureParser.DefaultCnn lists (the CLI project is not referenced here).
        _net = new Sequential(
            new Conv2d(1, 16, 3, rng, padding: 1), new ReLU(), new MaxPool2d(2),
            new Conv2d(16, 32, 3, rng, padding: 1), new ReLU(), new MaxPool2d(2),
            new Flatten(), new Linear(32 * 7 * 7, 128, rng, TinyTensor.Init.Initializer.KaimingUniform()), new ReLU(),
            new Linear(128, 10, rng, TinyTensor.Init.Initializer.XavierUniform()));
        _x = rng.Rand(Batch, 1, 28, 28);
        _y = rng.RandInt(0, 10, Batch);
        _loss = new SoftmaxCrossEntropyLoss();
        _optim = new Adam(_net, 1e-3);

        _conv = new Conv2d(16, 32, 3, rng, padding: 1);
        _convInput = rng.Randn(Batch, 16, 14, 14);
        _convGrad = rng.Randn(Batch, 32, 14, 14);
        TrainingStep();
        ConvForwardBackward();
    }

    /// <summary>One training step of the default CNN.</summary>
    [Benchmark]
    public double TrainingStep()
    {
        double loss = _loss.Forward(_net.Forward(_x), _y);
        _optim.ZeroGrad();
        _net.BackwardParameters(_loss.Backward());
        _optim.Step();
        return loss;
    }

    /// <summary>Conv2d(16, 32, 3, padding 1) on (64, 16, 14, 14): forward, then dW, db and dx.</summary>
    [Benchmark]
    public Tensor ConvForwardBackward()
    {
        _conv.Forward(_convInput);
        _conv.ZeroGrad();
        return _conv.Backward(_convGrad);
    }

    /// <summary>The samples/s column (Batch over the median time).</summary>
    private sealed class Config : BenchmarkDotNet.Configs.ManualConfig
    {
        public Config() => AddColumn(new SamplesPerSecondColumn());
    }
}
