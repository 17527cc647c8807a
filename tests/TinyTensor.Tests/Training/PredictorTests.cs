using TinyTensor.Data;
using TinyTensor.Layers;
using TinyTensor.Training;

namespace TinyTensor.Tests.Training;

public sealed class PredictorTests
{
    private static Sequential Model()
    {
        var rng = new RandomState(5);
        var l1 = new Linear(3, 8, rng);
        var l2 = new Linear(8, 4, rng);
        foreach (Tensor p in new[] { l1.Weight, l2.Weight, l1.Bias, l2.Bias })
        {
            Span<double> v = p.AsSpan();
            for (int i = 0; i < v.Length; i++)
            {
                v[i] = (v[i] * 2e4) - 1; // spread the framework's tiny init over [−1, 1)
            }
        }

        return new Sequential(l1, new ReLU(), l2, new Softmax());
    }

    [TestCase(1)]
    [TestCase(4)]
    [TestCase(10)]
    [TestCase(64)]
    public void Batched_predictions_equal_one_full_forward(int batchSize)
    {
        Sequential model = Model();
        Tensor x = new RandomState(9).Randn(10, 3);
        int[] expected = model.Predict(x);
        Assert.That(expected.Distinct().Count(), Is.GreaterThan(1), "a test that can tell rows apart");

        Assert.That(new Predictor(model, batchSize).Predict(x), Is.EqualTo(expected));
    }

    [Test]
    public void Accuracy_and_confusion_matrix_use_the_dataset_labels()
    {
        Sequential model = Model();
        Tensor x = new RandomState(9).Randn(10, 3);
        int[] predicted = model.Predict(x);
        int[] labels = predicted.Select((p, i) => i < 7 ? p : (p + 1) % 4).ToArray();
        var data = new Dataset(x, labels, 4);
        var predictor = new Predictor(model, 3);

        Assert.That(predictor.Accuracy(data), Is.EqualTo(0.7));
        ConfusionMatrix m = predictor.ConfusionMatrix(data);
        Assert.That((m.Total, m.Correct, m.ClassCount), Is.EqualTo((10L, 7L, 4)));
    }

    [Test]
    public void Shapes_are_checked()
    {
        var predictor = new Predictor(Model(), 4);
        Assert.That(() => predictor.Predict(new Tensor(5, 3), new int[4]), Throws.ArgumentException.With.Message.Contains("(5, 3)"));
        Assert.That(() => predictor.Predict(new Tensor(5)), Throws.ArgumentException);
        Assert.That(() => new Predictor(Model(), 0), Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}
