using TinyTensor.Layers;

namespace TinyTensor.Tests.Layers;

/// <summary>A layer keeps one context, so a network may not use one instance twice: refused, naming both positions.</summary>
[TestFixture]
public sealed class WeightSharingTests
{
    [Test]
    public void TheSameLayerTwice_IsRejected_NamingBothPositions()
    {
        var shared = new Linear(3, 3, new RandomState(0));
        Assert.That(() => new Sequential(shared, new Tanh(), shared),
            Throws.ArgumentException.With.Message.Contains("positions 0 and 2").And.Message.Contains("Linear(3, 3)"));
    }

    [Test]
    public void TheSameLayerTwice_InANestedChain_IsRejected_WithItsNestedPosition()
    {
        var shared = new Linear(3, 3, new RandomState(0));
        Assert.That(() => new Sequential(shared, new Sequential(new ReLU(), shared)),
            Throws.ArgumentException.With.Message.Contains("positions 0 and 1.1"));
    }

    [Test]
    public void TheSameActivationInstanceTwice_IsRejected_Too()
    {
        var relu = new ReLU();
        var rng = new RandomState(0);
        Assert.That(() => new Sequential(new Linear(2, 2, rng), relu, new Linear(2, 2, rng), relu),
            Throws.ArgumentException.With.Message.Contains("positions 1 and 3"));
    }

    [Test]
    public void TwoNetworks_MayHoldTheSameLayer() =>
        Assert.That(() =>
        {
            var layer = new Linear(2, 2, new RandomState(0));
            _ = new Sequential(layer);
            _ = new Sequential(layer, new ReLU());
        }, Throws.Nothing);
}
