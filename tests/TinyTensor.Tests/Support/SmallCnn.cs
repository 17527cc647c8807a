using TinyTensor.Layers;

namespace TinyTensor.Tests.Support;

/// <summary>A small CNN with every convolutional layer type, for (1, 8, 8) images and 5 classes.</summary>
internal static class SmallCnn
{
    public static Sequential Create(uint seed)
    {
        var rng = new RandomState(seed);
        return new Sequential(
            new Conv2d(1, 4, 3, rng, padding: 1),
            new BatchNorm2d(4),
            new ReLU(),
            new MaxPool2d(2),
            new Conv2d(4, 3, 3, rng, stride: 1, padding: 1),
            new AvgPool2d(2),
            new Flatten(),
            new Linear(12, 6, rng, TinyTensor.Init.Initializer.KaimingUniform()),
            new BatchNorm1d(6),
            new ReLU(),
            new Dropout(0.25, new RandomState(seed + 1)),
            new Linear(6, 5, rng, TinyTensor.Init.Initializer.KaimingUniform()));
    }

    /// <summary>One SGD step of cross-entropy on (x, labels).</summary>
    public static double Step(Sequential model, SoftmaxCrossEntropyLoss loss, TinyTensor.Optim.Optimizer optimizer, Tensor x, int[] labels)
    {
        double value = loss.Forward(model.Forward(x), labels);
        optimizer.ZeroGrad();
        model.BackwardParameters(loss.Backward());
        optimizer.Step();
        return value;
    }
}
