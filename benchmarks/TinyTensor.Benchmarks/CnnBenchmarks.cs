using BenchmarkDotNet.Attributes;
using TinyTensor.Layers;

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
    private DefaultCnn _cnn = null!;
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
        _cnn = new DefaultCnn(Batch, rng);
        _conv = new Conv2d(16, 32, 3, rng, padding: 1);
        _convInput = rng.Randn(Batch, 16, 14, 14);
        _convGrad = rng.Randn(Batch, 32, 14, 14);
        TrainingStep();
        ConvForwardBackward();
    }

    /// <summary>One training step of the default CNN.</summary>
    [Benchmark]
    public double TrainingStep() => _cnn.Step();

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
