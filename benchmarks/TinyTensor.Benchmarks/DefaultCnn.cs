using TinyTensor.Init;
using TinyTensor.Layers;
using TinyTensor.Optim;

namespace TinyTensor.Benchmarks;

/// <summary>
/// The CLI's default CNN (<c>train --model cnn</c>, <c>ArchitectureParser.DefaultCnn</c>: conv16k3p1, relu, maxpool2,
/// conv32k3p1, relu, maxpool2, flatten, linear128, relu, linear) on (1, 28, 28) images, and one training step of it
/// (forward, softmax cross-entropy, zero_grad, backward without the input gradient, Adam) in a given element type (the
/// network converted with <c>To</c> before the optimiser is built, the batch drawn in that type). The CLI project is not
/// referenced here, so the layers are listed again; <c>benchmarks/compare/torch_workloads.py</c> builds the same net.
/// </summary>
internal sealed class DefaultCnn
{
    private readonly Sequential _net;
    private readonly SoftmaxCrossEntropyLoss _loss = new();
    private readonly Adam _optim;
    private readonly Tensor _x;
    private readonly int[] _y;

    public DefaultCnn(int batch, RandomState rng, DType dtype = DType.Float64)
    {
        _net = new Sequential(
            new Conv2d(1, 16, 3, rng, padding: 1), new ReLU(), new MaxPool2d(2),
            new Conv2d(16, 32, 3, rng, padding: 1), new ReLU(), new MaxPool2d(2),
            new Flatten(), new Linear(32 * 7 * 7, 128, rng, Initializer.KaimingUniform()), new ReLU(),
            new Linear(128, 10, rng, Initializer.XavierUniform()));
        _net.To(dtype);
        _optim = new Adam(_net, 1e-3);
        _x = rng.Rand(dtype, batch, 1, 28, 28);
        _y = rng.RandInt(0, 10, batch);
    }

    public double Step()
    {
        double loss = _loss.Forward(_net.Forward(_x), _y);
        _optim.ZeroGrad();
        _net.BackwardParameters(_loss.Backward());
        _optim.Step();
        return loss;
    }
}
