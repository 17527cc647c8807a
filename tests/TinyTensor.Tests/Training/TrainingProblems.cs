using TinyTensor.Data;
using TinyTensor.Layers;
using TinyTensor.Training;

namespace TinyTensor.Tests.Training;

/// <summary>Small, fast problems to train on.</summary>
internal static class TrainingProblems
{
    /// <summary>Three Gaussian blobs in 2-D (centres (−2, 0), (2, 0), (0, 2.5), σ = 0.5), n per class, interleaved.</summary>
    public static Dataset Blobs(int perClass, uint seed)
    {
        double[,] centres = { { -2, 0 }, { 2, 0 }, { 0, 2.5 } };
        var rng = new RandomState(seed);
        int n = 3 * perClass;
        var features = new Tensor(n, 2);
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            int c = i % 3;
            features[i, 0] = centres[c, 0] + (0.5 * rng.NextGaussian());
            features[i, 1] = centres[c, 1] + (0.5 * rng.NextGaussian());
            labels[i] = c;
        }

        return new Dataset(features, labels, 3);
    }

    /// <summary>Softmax regression: Linear(2, 3), Softmax.</summary>
    public static Sequential SoftmaxRegression(uint seed) => new(new Linear(2, 3, new RandomState(seed)), new Softmax());

    /// <summary>Synchronous progress: records each report on the calling thread.</summary>
    public sealed class Recorder : IProgress<EpochReport>
    {
        public List<EpochReport> Reports { get; } = [];

        public void Report(EpochReport value) => Reports.Add(value);
    }
}
