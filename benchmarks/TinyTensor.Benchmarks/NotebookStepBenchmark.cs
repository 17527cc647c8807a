using BenchmarkDotNet.Attributes;
using TinyTensor.Layers;
using TinyTensor.Optim;

namespace TinyTensor.Benchmarks;

/// <summary>
/// One epoch of the notebook (4-10-3, N = 10, full batch): forward, loss, zero_grad, backward, SGD step.
/// <see cref="NotebookEpoch"/> is the notebook's loop as written; <see cref="TrainingStep"/> is the same step
/// through <see cref="Sequential.BackwardParameters"/>, which skips the unused input gradient. Allocated bytes
/// must be 0 once the buffers are sized.
/// </summary>
[MemoryDiagnoser]
public class NotebookStepBenchmark
{
    private Sequential _net = null!;
    private CrossEntropyLoss _loss = null!;
    private SGD _optim = null!;
    private Tensor _x = null!;
    private int[] _y = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new RandomState(0);
        _net = new Sequential(new Linear(4, 10, rng), new ReLU(), new Linear(10, 3, rng), new Softmax());
        rng.Seed(0);
        _x = rng.Randn(10, 4);
        System.Numerics.Tensors.TensorPrimitives.Multiply(_x.AsSpan(), 10.0, _x.AsSpan());
        _y = rng.RandInt(0, 3, 10);
        _loss = new CrossEntropyLoss();
        // A tiny learning rate keeps the parameters (and so the work per step) stable over millions of steps.
        _optim = new SGD(_net, learningRate: 1e-9, weightDecay: 0.00001);
        NotebookEpoch();
    }

    [Benchmark(Baseline = true)]
    public double NotebookEpoch()
    {
        Tensor output = _net.Forward(_x);
        double loss = _loss.Forward(output, _y);
        _optim.ZeroGrad();
        _net.Backward(_loss.Backward());
        _optim.Step();
        return loss;
    }

    [Benchmark]
    public double TrainingStep()
    {
        Tensor output = _net.Forward(_x);
        double loss = _loss.Forward(output, _y);
        _optim.ZeroGrad();
        _net.BackwardParameters(_loss.Backward());
        _optim.Step();
        return loss;
    }
}
