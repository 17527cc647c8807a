using BenchmarkDotNet.Attributes;
using TinyTensor.Layers;

namespace TinyTensor.Benchmarks;

/// <summary>
/// Issue 11's CNN figures: one training step (forward, softmax cross-entropy, zero_grad, backward without the input
/// gradient, Adam step) of the CLI's default CNN (<c>train --model cnn</c>:
/// conv16k3p1, relu, maxpool2, conv32k3p1, relu, maxpool2, flatten, linear128, relu, linear) at batch 64 on
/// (1, 28, 28) images, and the second Conv2d (16 → 32 channels, 3×3, padding 1, on 14×14) forward and backward alone;
/// 1 and 2 threads, in float64 and float32 (the network converted with <c>To(DType.Float32)</c>, the batch drawn in
/// that type). Allocated bytes must be 0. The float32 training step needs every layer of the network in float32,
/// ReLU, Linear and the loss included.
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

    [Params(DType.Float64, DType.Float32)]
    public DType DType { get; set; }

    /// <summary>Builds the default CNN in <see cref="DType"/> and warms it up (one step sizes every buffer).</summary>
    [GlobalSetup(Target = nameof(TrainingStep))]
    public void SetupStep()
    {
        Parallelism.NumThreads = Threads;
        _cnn = new DefaultCnn(Batch, new RandomState(1), DType);
        TrainingStep();
    }

    /// <summary>Builds the Conv2d alone in <see cref="DType"/> and warms it up (a separate setup, so that it runs
    /// whatever the other layers of the network support).</summary>
    [GlobalSetup(Target = nameof(ConvForwardBackward))]
    public void SetupConv()
    {
        Parallelism.NumThreads = Threads;
        var rng = new RandomState(1);
        _conv = new Conv2d(16, 32, 3, rng, padding: 1);
        _conv.To(DType);
        _convInput = rng.Randn(DType, Batch, 16, 14, 14);
        _convGrad = rng.Randn(DType, Batch, 32, 14, 14);
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
