using TinyTensor.Layers;

namespace TinyTensor.Tests.Layers;

/// <summary>Softmax.Backward is the identity only as the network's last layer; anywhere else Backward throws.</summary>
[TestFixture]
public sealed class SoftmaxPlacementTests
{
    private static readonly Tensor X = new RandomState(0).Randn(4, 3);

    [Test]
    public void ASoftmaxInTheMiddle_ThrowsAtBackward_NamingSoftmaxCrossEntropyLoss()
    {
        var rng = new RandomState(1);
        var net = new Sequential(new Linear(3, 3, rng), new Softmax(), new Linear(3, 2, rng));
        Tensor output = net.Forward(X);
        Assert.That(() => net.Backward(new Tensor(output.Shape)),
            Throws.InvalidOperationException.With.Message.Contains("module 1 is a Softmax").And.Message.Contains("SoftmaxCrossEntropyLoss"));
        Assert.That(() => net.BackwardParameters(new Tensor(output.Shape)),
            Throws.InvalidOperationException.With.Message.Contains("SoftmaxCrossEntropyLoss"));
    }

    [Test]
    public void ANestedChainEndingInSoftmax_BeforeTheEnd_Throws_NamingItsPosition()
    {
        var rng = new RandomState(1);
        var net = new Sequential(new Sequential(new Linear(3, 3, rng), new Softmax()), new Linear(3, 2, rng));
        Tensor output = net.Forward(X);
        Assert.That(() => net.Backward(new Tensor(output.Shape)), Throws.InvalidOperationException.With.Message.Contains("module 0.1 is a Softmax"));
    }

    [Test]
    public void ASoftmaxLast_EvenInsideANestedLastChain_IsFine()
    {
        var rng = new RandomState(1);
        var net = new Sequential(new Linear(3, 3, rng), new Sequential(new Linear(3, 2, rng), new Softmax()));
        Tensor output = net.Forward(X);
        Assert.That(() => net.Backward(new Tensor(output.Shape)), Throws.Nothing);
    }
}
