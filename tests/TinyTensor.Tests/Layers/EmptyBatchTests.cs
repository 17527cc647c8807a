using TinyTensor.Layers;
using TinyTensor.Training;

namespace TinyTensor.Tests.Layers;

/// <summary>A (0, D) batch is a correct empty result through layers and prediction, and a clear error for a loss,
/// whose mean over no samples is undefined (it used to return NaN, which a trainer reports as divergence); an (N, 0)
/// output has no class to predict (it used to be an IndexOutOfRangeException from the arg-max kernel).</summary>
[TestFixture]
public sealed class EmptyBatchTests
{
    [Test]
    public void AnEmptyBatch_GoesThroughLinearReluSoftmax_AsAnEmptyResult()
    {
        var rng = new RandomState(0);
        var net = new Sequential(new Linear(4, 3, rng), new ReLU(), new Linear(3, 2, rng), new Softmax());
        Assert.That(net.Forward(new Tensor(0, 4)).Shape, Is.EqualTo(new[] { 0, 2 }));
        Assert.That(net.Backward(new Tensor(0, 2)).Shape, Is.EqualTo(new[] { 0, 4 }));
        Assert.That(new Predictor(net, batchSize: 8).Predict(new Tensor(0, 4)), Is.Empty);
    }

    [Test]
    public void CrossEntropyLoss_OnAnEmptyBatch_ThrowsNamingTheShape()
    {
        Assert.That(() => new CrossEntropyLoss().Forward(new Tensor(0, 3), []),
            Throws.ArgumentException.With.Message.Contains("(0, 3)").And.Message.Contains("no samples"));
    }

    [Test]
    public void SoftmaxCrossEntropyLoss_OnAnEmptyBatch_ThrowsNamingTheShape()
    {
        Assert.That(() => new SoftmaxCrossEntropyLoss().Forward(new Tensor(0, 3), []),
            Throws.ArgumentException.With.Message.Contains("(0, 3)").And.Message.Contains("no samples"));
    }

    [Test]
    public void PredictingFromAnOutputWithNoClasses_ThrowsNamingTheShape_InsteadOfAnIndexError()
    {
        var net = new Sequential(new Softmax());
        Assert.That(() => net.Predict(new Tensor(4, 0)), Throws.InvalidOperationException.With.Message.Contains("(4, 0)"));
        Assert.That(() => new Predictor(net).Predict(new Tensor(4, 0)), Throws.ArgumentException.With.Message.Contains("(4, 0)"));
    }
}
