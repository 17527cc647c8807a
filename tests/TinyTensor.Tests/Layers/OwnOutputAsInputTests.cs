using TinyTensor.Layers;
using TinyTensor.Tests.Support;

namespace TinyTensor.Tests.Layers;

/// <summary>A layer fed its own output buffer (lin.Forward(lin.Forward(x))) computes on a copy-free second buffer
/// instead of overwriting what it reads.</summary>
[TestFixture]
public sealed class OwnOutputAsInputTests
{
    [Test]
    public void Linear_FedItsOwnOutput_GivesTheTwiceAppliedLayer([Values] DType dtype)
    {
        var rng = new RandomState(5);
        var layer = new Linear(6, 6, rng);
        layer.Weight.CopyFrom(rng.Randn(6, 6));
        layer.To(dtype);
        Tensor x = rng.Randn(dtype, 4, 6);
        var copy = Linear.FromParameters(layer.Weight, layer.Bias);
        double[] expected = copy.Forward(copy.Forward(x).Clone()).ToArray();

        AssertTensor.BitwiseEqual(layer.Forward(layer.Forward(x)).ToArray(), expected, "lin(lin(x))");
        // And again: the two buffers alternate without corrupting each other.
        AssertTensor.BitwiseEqual(layer.Forward(layer.Forward(x)).ToArray(), expected, "second time");
    }

    [Test]
    public void Linear_FedItsOwnInputGradient_GivesTheTwiceAppliedBackward([Values] DType dtype)
    {
        var rng = new RandomState(6);
        var layer = Linear.FromParameters(rng.Randn(dtype, 5, 5), rng.Randn(dtype, 5));
        Tensor x = rng.Randn(dtype, 3, 5), g = rng.Randn(dtype, 3, 5);
        var copy = Linear.FromParameters(layer.Weight, layer.Bias);
        copy.Forward(x);
        Tensor dx = copy.Backward(g).Clone();
        double[] expected = copy.Backward(dx).ToArray();

        layer.Forward(x);
        AssertTensor.BitwiseEqual(layer.Backward(layer.Backward(g)).ToArray(), expected, "dx of dx");
    }

    [TestCaseSource(nameof(Activations))]
    public void AnActivation_FedItsOwnOutput_GivesTheTwiceAppliedFunction(Func<Layer> create, DType dtype)
    {
        Tensor x = new RandomState(7).Randn(dtype, 4, 5);
        Layer reference = create();
        double[] expected = reference.Forward(reference.Forward(x).Clone()).ToArray();
        Layer layer = create();
        Tensor once = layer.Forward(x);
        Tensor twice = layer.Forward(once);
        Assert.That(twice, Is.Not.SameAs(once));
        AssertTensor.BitwiseEqual(twice.ToArray(), expected, create().ToString()!);
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

    private static IEnumerable<object[]> Activations() =>
        from Func<Layer> create in new Func<Layer>[] { () => new ReLU(), () => new LeakyReLU(0.1), () => new Sigmoid(), () => new Tanh(), () => new Softmax() }
        from DType dtype in new[] { DType.Float64, DType.Float32 }
        select new object[] { create, dtype };
}
