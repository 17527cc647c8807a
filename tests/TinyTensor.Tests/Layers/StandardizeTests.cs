using TinyTensor.Layers;
using TinyTensor.Serialization;
using TinyTensor.Tests.Support;

namespace TinyTensor.Tests.Layers;

/// <summary>The Standardize layer: z-scores with its buffers, the identity gradient scaled by 1/σ, saved and loaded as
/// buffers (never parameters), and bad statistics refused.</summary>
[TestFixture]
public sealed class StandardizeTests
{
    [Test]
    public void Fit_GivesPopulationStatistics_AndAConstantColumnKeepsSigmaOne()
    {
        Tensor x = Tensor.FromArray([1, 5, 2, 3, 3, 2, 5, 7, 2], 3, 3);

        var layer = Standardize.Fit(x);

        Assert.That(layer.Mean.ToArray(), Is.EqualTo(new[] { 3.0, 5.0, 2.0 }));
        Assert.That(layer.Std[0], Is.EqualTo(Math.Sqrt(8.0 / 3)));
        Assert.That(layer.Std[2], Is.EqualTo(1.0));
        Assert.That(layer.Forward(x)[0, 1], Is.EqualTo(0.0));
        Assert.That(layer.Forward(x)[2, 0], Is.EqualTo(2 / Math.Sqrt(8.0 / 3)));
    }

    [Test]
    public void InputGradient_MatchesFiniteDifferences()
    {
        var rng = new RandomState(3);
        var layer = new Standardize(rng.Randn(4), rng.Rand(4));
        Tensor x = rng.Randn(5, 4);
        Tensor r = rng.Randn(5, 4);
        double Loss() => FiniteDifferences.Dot(layer.Forward(x).AsReadOnlySpan(), r.AsReadOnlySpan());
        layer.Forward(x);
        FiniteDifferences.AssertMatches(layer.Backward(r).ToArray(), x, Loss, "dx");
    }

    [Test]
    public void SaveThenLoad_KeepsTheStatisticsAsBuffers_AndOptimisersSeeNoParameter()
    {
        var rng = new RandomState(4);
        var model = new Sequential(Standardize.Fit(rng.Randn(20, 3)), new Linear(3, 2, rng));
        Tensor x = rng.Randn(6, 3);
        double[] expected = model.Forward(x).ToArray();
        using var stream = new MemoryStream();
        ModelFile.Save(model, stream);
        stream.Position = 0;

        Sequential loaded = ModelFile.Load(stream);

        Assert.That(loaded.Forward(x).ToArray(), Is.EqualTo(expected));
        Assert.That(loaded.NamedBuffers().Select(b => b.Name), Is.EqualTo(new[] { "0.mean", "0.std" }));
        Assert.That(loaded.NamedParameters().Select(p => p.Name), Is.EqualTo(new[] { "1.weight", "1.bias" }));
    }

    [Test]
    public void BadStatisticsOrInput_AreRefused()
    {
        Assert.That(() => new Standardize(new Tensor(3), new Tensor(3)), Throws.ArgumentException.With.Message.Contains("the std finite and positive"));
        Assert.That(() => new Standardize(new Tensor(3), new Tensor(2)), Throws.ArgumentException.With.Message.Contains("(3,) and (2,)"));
        var layer = Standardize.Fit(new RandomState(1).Randn(4, 3));
        Assert.That(() => layer.Forward(new Tensor(2, 4)), Throws.ArgumentException.With.Message.Contains("expected input of shape (N, 3), got (2, 4)"));
    }
}
