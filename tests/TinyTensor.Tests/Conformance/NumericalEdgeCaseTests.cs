using TinyTensor.Data;
using TinyTensor.Layers;
using TinyTensor.Optim;
using TinyTensor.Training;

namespace TinyTensor.Tests.Conformance;

/// <summary>
/// The awkward values: huge logits, ties, a probability of exactly 0, NaN and ±∞. Each behaviour here is the one
/// documented on the type (Softmax, CrossEntropyLoss, SoftmaxCrossEntropyLoss, Layer, Dataset).
/// </summary>
[TestFixture]
public sealed class NumericalEdgeCaseTests
{
    private static double[] SoftmaxRow(params double[] logits) =>
        new Softmax().Forward(Tensor.FromArray(logits, 1, logits.Length)).ToArray();

    [TestCase(1000.0)]
    [TestCase(1e300)]
    [TestCase(double.MaxValue)]
    public void Softmax_OfHugeLogits_GivesExactZerosAndOnes(double big)
    {
        Assert.That(SoftmaxRow(big, -big), Is.EqualTo(new[] { 1.0, 0.0 }));
        Assert.That(SoftmaxRow(-big, big, 0.0), Is.EqualTo(new[] { 0.0, 1.0, 0.0 }));
        Assert.That(SoftmaxRow(big, big, -big), Is.EqualTo(new[] { 0.5, 0.5, 0.0 }));
    }

    [TestCase(0.0)]
    [TestCase(1000.0)]
    [TestCase(-1000.0)]
    [TestCase(1e300)]
    [TestCase(-1e300)]
    public void Softmax_OfEqualLogits_IsUniform(double value)
    {
        foreach (int columns in new[] { 1, 2, 3, 10, 33, 257 })
        {
            double[] p = SoftmaxRow(Enumerable.Repeat(value, columns).ToArray());

            Assert.That(p, Has.All.EqualTo(1.0 / columns), $"{columns} columns");
        }
    }

    [Test]
    public void Softmax_WithNaNOrPlusInfinity_GivesANaNRow_AndMinusInfinityGivesZero()
    {
        Assert.That(SoftmaxRow(1.0, double.NaN, 2.0), Has.All.NaN);
        Assert.That(SoftmaxRow(1.0, double.PositiveInfinity, 2.0), Has.All.NaN);
        Assert.That(SoftmaxRow(0.0, double.NegativeInfinity, 0.0), Is.EqualTo(new[] { 0.5, 0.0, 0.5 }));
        // Other rows are not affected.
        Tensor p = new Softmax().Forward(Tensor.FromArray([double.NaN, 0.0, 3.0, 3.0], 2, 2));
        Assert.That(p[1, 0], Is.EqualTo(0.5));
    }

    [Test]
    public void CrossEntropy_OfAProbabilityOfExactlyZero_IsPlusInfinity_WithAFiniteGradient()
    {
        Tensor probabilities = Tensor.FromArray(SoftmaxRow(1000, -1000), 1, 2);
        Assert.That(probabilities[0, 1], Is.EqualTo(0.0), "exp(−2000) underflows to exactly 0");
        var loss = new CrossEntropyLoss();

        double value = loss.Forward(probabilities, [1]);

        Assert.That(value, Is.EqualTo(double.PositiveInfinity));
        Assert.That(loss.Backward().ToArray(), Is.EqualTo(new[] { 1.0, -1.0 }));
    }

    [Test]
    public void Training_ThroughAZeroProbability_StopsWithAClearError()
    {
        // Features of size 1e7 give logits that spread by thousands: a true class gets probability 0 in batch 1.
        var rng = new RandomState(5);
        Tensor x = rng.Normal(0.0, 1e7, 8, 3);
        var data = new Dataset(x, [0, 1, 2, 0, 1, 2, 0, 1], 3);
        var model = new Sequential(new Linear(3, 3, rng), new Softmax());
        var trainer = new Trainer(model, new CrossEntropyLoss(), new SGD(model, 0.1), new DataLoader(data, batchSize: 8));

        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(1));

        Assert.That((e!.Epoch, e.Batch, e.Loss), Is.EqualTo((1, 1, double.PositiveInfinity)));
        Assert.That(e.Message, Does.Contain("epoch 1, batch 1"));

        // The same data trains with a finite loss on the logits.
        var logitModel = new Sequential(new Linear(3, 3, new RandomState(5)));
        var stable = new Trainer(logitModel, new SoftmaxCrossEntropyLoss(), new SGD(logitModel, 1e-9), new DataLoader(data, batchSize: 8));
        Assert.That(double.IsFinite(stable.Fit(1).Epochs[0].MeanLoss), Is.True);
    }

    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    public void SoftmaxCrossEntropy_OfANonFiniteLogit_IsNaN(double bad)
    {
        var loss = new SoftmaxCrossEntropyLoss();

        Assert.That(loss.Forward(Tensor.FromArray([0.0, bad, 1.0], 1, 3), [0]), Is.NaN);
        Assert.That(loss.Forward(Tensor.FromArray([0.0, 5.0, double.NegativeInfinity], 1, 3), [1]), Is.EqualTo(Math.Log(1 + Math.Exp(-5))).Within(1e-15));
    }

    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    [TestCase(double.NegativeInfinity)]
    public void Dataset_RejectsANonFiniteFeature_NamingItsPosition(double bad)
    {
        var features = new Tensor(4, 3);
        features[2, 1] = bad;

        Assert.That(() => new Dataset(features, [0, 1, 0, 1], 2),
            Throws.ArgumentException.With.Message.Contains("row 2, column 1").And.Message.Contains("not finite"));
    }

    [Test]
    public void Layers_PropagateNaN_WithoutThrowing()
    {
        var net = new Sequential(new Linear(2, 3, new RandomState(1)), new ReLU(), new Linear(3, 2, new RandomState(2)));
        Tensor y = net.Forward(Tensor.FromArray([double.NaN, 1.0, 0.5, 0.5], 2, 2));

        Assert.That(new[] { y[0, 0], y[0, 1] }, Has.All.NaN);
        Assert.That(new[] { y[1, 0], y[1, 1] }, Has.All.Not.NaN);
    }
}
