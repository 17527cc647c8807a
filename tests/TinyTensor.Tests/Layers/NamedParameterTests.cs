using TinyTensor.Layers;

namespace TinyTensor.Tests.Layers;

/// <summary>Parameters are objects with PyTorch's state_dict names; the notebook's flat lists are views of them.</summary>
[TestFixture]
public sealed class NamedParameterTests
{
    [Test]
    public void NamedParameters_UseStateDictNames_InOrder_NestedIncluded()
    {
        var rng = new RandomState(0);
        var net = new Sequential(new Linear(4, 5, rng), new Sequential(new Linear(5, 3, rng), new ReLU()), new Linear(3, 2, rng));
        Assert.That(net.NamedParameters().Select(p => p.Name),
            Is.EqualTo(new[] { "0.weight", "0.bias", "1.0.weight", "1.0.bias", "2.weight", "2.bias" }));
        Assert.That(net.NamedParameters().Select(p => p.Parameter.Name),
            Is.EqualTo(new[] { "weight", "bias", "weight", "bias", "weight", "bias" }));
        Assert.That(net.Parameters, Is.EqualTo(net.NamedParameters().Select(p => p.Parameter.Value)));
    }

    [Test]
    public void ASingleLayer_NamesItsParametersLocally()
    {
        var linear = new Linear(3, 2, new RandomState(0));
        Assert.That(linear.NamedParameters().Select(p => p.Name), Is.EqualTo(new[] { "weight", "bias" }));
        Assert.That(linear.OwnParameters[0].Value, Is.SameAs(linear.Weight));
        Assert.That(linear.OwnParameters[1].Value, Is.SameAs(linear.Bias));
        Assert.That(new ReLU().NamedParameters(), Is.Empty);
    }

    [Test]
    public void Grads_AreTheParametersGradients_AndNullAfterZeroGrad()
    {
        var rng = new RandomState(1);
        var net = new Sequential(new Linear(3, 4, rng), new ReLU(), new Linear(4, 2, rng));
        Assert.That(net.Grads, Is.All.Null, "before any backward pass");

        net.Forward(rng.Randn(5, 3));
        net.Backward(rng.Randn(5, 2));
        Assert.That(net.Grads, Is.EqualTo(net.NamedParameters().Select(p => p.Parameter.Grad)));
        Assert.That(net.Grads, Is.All.Not.Null);
        Assert.That(net.Modules[0].Grads, Is.EqualTo(new[] { net.Grads[0], net.Grads[1] }));

        net.ZeroGrad();
        Assert.That(net.Grads, Is.All.Null);
        Assert.That(net.Modules[2].Grads, Is.All.Null);
    }

    [Test]
    public void AParameterName_WithADot_IsRejected() =>
        Assert.That(() => new Parameter("a.b", new Tensor(1)), Throws.ArgumentException.With.Message.Contains("'a.b'"));
}
