using TinyTensor.Layers;
using TinyTensor.Tests.Layers;
using TinyTensor.Training;

namespace TinyTensor.Tests.Training;

/// <summary>The predictor never pads a chunk with made-up rows: every pass holds real samples only (right for layers
/// whose rows interact, such as BatchNorm), and all passes keep the batch size once N ≥ B.</summary>
[TestFixture]
public sealed class PredictorChunkTests
{
    [TestCase(10, 4)]
    [TestCase(8, 4)]
    [TestCase(3, 4)]
    [TestCase(1, 1)]
    public void EveryPass_HoldsOnlyRealRows_AndPredictionsMatchADirectForward(int n, int batchSize)
    {
        var rng = new RandomState(9);
        Tensor features = rng.Randn(n, 2);
        var probe = new ModeProbe();
        var model = new Sequential(probe, new Linear(2, 3, rng));
        int[] predictions = new Predictor(model, batchSize).Predict(features);

        var rows = new HashSet<(double, double)>(Enumerable.Range(0, n).Select(i => (features[i, 0], features[i, 1])));
        foreach ((_, double[] batch) in probe.Calls)
        {
            Assert.That(batch.Length / 2, Is.EqualTo(Math.Min(n, batchSize)), "rows per pass");
            for (int i = 0; i < batch.Length; i += 2)
            {
                Assert.That(rows, Does.Contain((batch[i], batch[i + 1])), "a row of the data, not padding");
            }
        }

        Assert.That(predictions, Is.EqualTo(model.Predict(features)));
    }
}
