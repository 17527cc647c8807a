using TinyTensor.Layers;
using TinyTensor.Tests.Support;

namespace TinyTensor.Tests.Layers;

/// <summary>A layer fed its own output buffer (lin.Forward(lin.Forward(x))) computes on a copy-free second buffer
/// instead of overwriting what it reads.</summary>
[TestFixture]
public sealed class OwnOutputAsInputTests
{
    [Test]
    public void Linear_FedItsOwnOutput_GivesTheTwiceAppliedLayer()
    {
        var rng = new RandomState(5);
        var layer = new Linear(6, 6, rng);
        layer.Weight.CopyFrom(rng.Randn(6, 6));
        Tensor x = rng.Randn(4, 6);
        var copy = Linear.FromParameters(layer.Weight, layer.Bias);
        double[] expected = copy.Forward(copy.Forward(x).Clone()).ToArray();

        AssertTensor.BitwiseEqual(layer.Forward(layer.Forward(x)).AsReadOnlySpan(), expected, "lin(lin(x))");
        // And again: the two buffers alternate without corrupting each other.
        AssertTensor.BitwiseEqual(layer.Forward(layer.Forward(x)).AsReadOnlySpan(), expected, "second time");
    }

    [Test]
    public void Linear_FedItsOwnInputGradient_GivesTheTwiceAppliedBackward()
    {
        var rng = new RandomState(6);
        var layer = Linear.FromParameters(rng.Randn(5, 5), rng.Randn(5));
        Tensor x = rng.Randn(3, 5), g = rng.Randn(3, 5);
        var copy = Linear.FromParameters(layer.Weight, layer.Bias);
        copy.Forward(x);
        Tensor dx = copy.Backward(g).Clone();
        double[] expected = copy.Backward(dx).ToArray();

        layer.Forward(x);
        AssertTensor.BitwiseEqual(layer.Backward(layer.Backward(g)).AsReadOnlySpan(), expected, "dx of dx");
    }

    [TestCaseSource(nameof(Activations))]
    public void AnActivation_FedItsOwnOutput_GivesTheTwiceAppliedFunction(Func<Layer> create)
    {
        Tensor x = new RandomState(7).Randn(4, 5);
        Layer reference = create();
        double[] expected = reference.Forward(reference.Forward(x).Clone()).ToArray();
        Layer layer = create();
        Tensor once = layer.Forward(x);
        Tensor twice = layer.Forward(once);
        Assert.That(twice, Is.Not.SameAs(once));
        AssertTensor.BitwiseEqual(twice.AsReadOnlySpan(), expected, create().ToString()!);
    }

    [Test]
    public void Linear_GivenItsOwnGradientBuffer_ThrowsAClearError()
    {
        var rng = new RandomState(8);
        var layer = Linear.FromParameters(rng.Randn(3, 3), rng.Randn(3));
        layer.Forward(rng.Randn(3, 3));
        layer.Backward(rng.Randn(3, 3));
        Tensor dW = layer.Grads[0]!;
        layer.Forward(dW);
        Assert.That(() => layer.Backward(rng.Randn(3, 3)), Throws.InvalidOperationException.With.Message.Contains("own dW buffer"));
    }

    private static IEnumerable<Func<Layer>> Activations() =>
    [
        () => new ReLU(), () => new LeakyReLU(0.1), () => new Sigmoid(), () => new Tanh(), () => new Softmax(),
    ];
}
