using TinyTensor.Init;
using TinyTensor.Layers;

namespace TinyTensor.Interop.Tests.Support;

/// <summary>Small CNNs and batch-normalised MLPs whose BatchNorm layers hold non-trivial statistics.</summary>
internal static class Cnns
{
    /// <summary>conv(3→4, k3, padding 1) / ReLU / MaxPool(2) / Flatten / Linear(64→5), for (3, 8, 8) images.</summary>
    public static Sequential Plain(uint seed = 0)
    {
        var rng = new RandomState(seed);
        return new Sequential(
            new Conv2d(3, 4, 3, rng, padding: 1), new ReLU(), new MaxPool2d(2), new Flatten(),
            new Linear(4 * 4 * 4, 5, rng, Initializer.XavierUniform()));
    }

    /// <summary>conv(1→4, k3) / BatchNorm2d / ReLU / MaxPool(2) (7 → 3, floor mode) / Dropout / Flatten / Linear(36→3),
    /// for (1, 9, 9) images.</summary>
    public static Sequential WithBatchNormAndDropout(uint seed = 0)
    {
        var rng = new RandomState(seed);
        return new Sequential(
            new Conv2d(1, 4, 3, rng), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2), new Dropout(0.3, rng), new Flatten(),
            new Linear(4 * 3 * 3, 3, rng, Initializer.XavierUniform()));
    }

    /// <summary>conv(2→3, k3, stride 2, padding 1) / Tanh / AvgPool(2, stride 1) / Flatten / Linear(36→4), for
    /// non-square (2, 10, 7) images: 10 × 7 → 5 × 4 → 4 × 3.</summary>
    public static Sequential WithAvgPool(uint seed = 0)
    {
        var rng = new RandomState(seed);
        return new Sequential(
            new Conv2d(2, 3, 3, rng, stride: 2, padding: 1), new Tanh(), new AvgPool2d(2, stride: 1), new Flatten(),
            new Linear(3 * 4 * 3, 4, rng, Initializer.XavierUniform()));
    }

    /// <summary>Linear(12→16) / BatchNorm1d / ReLU / Dropout / Linear(16→5), for 12 features.</summary>
    public static Sequential BatchNormMlp(uint seed = 0)
    {
        var rng = new RandomState(seed);
        return new Sequential(
            new Linear(12, 16, rng, Initializer.KaimingUniform()), new BatchNorm1d(16), new ReLU(), new Dropout(0.2, rng),
            new Linear(16, 5, rng, Initializer.XavierUniform()));
    }

    /// <summary>A batch (N, <paramref name="sampleShape"/>…) of normal values with mean 0.5 and deviation 2, so that
    /// the batch statistics are far from BatchNorm's initial 0 and 1.</summary>
    public static Tensor Batch(int n, int[] sampleShape, uint seed) => new RandomState(seed).Normal(0.5, 2.0, [n, .. sampleShape]);

    /// <summary>Gives every BatchNorm layer random γ and β and runs <paramref name="steps"/> training-mode forwards
    /// (running statistics that are neither 0 nor 1, Dropout masks drawn), then switches the model to eval mode.</summary>
    public static void WarmUp(Layer model, int[] sampleShape, int steps = 3)
    {
        var rng = new RandomState(99);
        foreach (BatchNorm norm in Norms(model))
        {
            norm.Weight.CopyFrom(rng.Uniform(0.5, 1.5, norm.Channels));
            norm.Bias.CopyFrom(rng.Uniform(-0.5, 0.5, norm.Channels));
        }

        model.Train();
        for (int step = 0; step < steps; step++)
        {
            model.Forward(Batch(16, sampleShape, seed: 10 + (uint)step));
        }

        model.Eval();
    }

    private static IEnumerable<BatchNorm> Norms(Layer model) => model switch
    {
        BatchNorm norm => [norm],
        Sequential sequential => sequential.Modules.SelectMany(Norms),
        _ => [],
    };
}
