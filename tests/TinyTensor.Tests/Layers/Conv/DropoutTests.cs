using TinyTensor.Layers;

namespace TinyTensor.Tests.Layers.Conv;

/// <summary>Dropout: the kept fraction and the 1/(1 − p) scaling in training mode, the identity in eval mode, and the
/// same masks from the same seed.</summary>
[TestFixture]
public sealed class DropoutTests
{
    [TestCase(0.25)]
    [TestCase(0.5)]
    [TestCase(0.9)]
    public void TrainingMode_ZeroesAboutAFractionP_AndScalesTheRestBy1Over1MinusP(double p)
    {
        var dropout = new Dropout(p, new RandomState(7));
        var x = new Tensor(200, 500);
        x.Fill(2.0);

        double[] y = dropout.Forward(x).ToArray();

        int dropped = y.Count(v => v == 0);
        double rate = (double)dropped / y.Length;
        // 100,000 Bernoulli draws: the standard deviation of the rate is at most 0.0016; 5σ ≈ 0.008.
        Assert.That(rate, Is.EqualTo(p).Within(0.008));
        Assert.That(y.Where(v => v != 0).Distinct(), Is.EquivalentTo(new[] { 2.0 / (1 - p) }));
    }

    [Test]
    public void EvalMode_IsTheIdentity_ForwardAndBackward()
    {
        var dropout = new Dropout(0.5, new RandomState(7));
        dropout.Eval();
        Tensor x = new RandomState(1).Randn(3, 4);
        Tensor dy = new RandomState(2).Randn(3, 4);

        Assert.That(dropout.Forward(x).ToArray(), Is.EqualTo(x.ToArray()));
        Assert.That(dropout.Backward(dy).ToArray(), Is.EqualTo(dy.ToArray()));
    }

    [Test]
    public void TheSameSeed_GivesTheSameMasks_AndTheBackwardUsesTheForwardsMask()
    {
        Tensor x = new RandomState(1).Randn(8, 9);
        var a = new Dropout(0.3, new RandomState(11));
        var b = new Dropout(0.3, new RandomState(11));

        double[] ya = a.Forward(x).ToArray();
        Assert.That(b.Forward(x).ToArray(), Is.EqualTo(ya));
        var ones = new Tensor(8, 9);
        ones.Fill(1.0);
        double[] dx = a.Backward(ones).ToArray();
        Assert.That(dx.Select((v, i) => v == 0).ToArray(), Is.EqualTo(ya.Select(v => v == 0).ToArray()));
    }

    [Test]
    public void PZero_KeepsEverything()
    {
        var dropout = new Dropout(0.0, new RandomState(1));
        Tensor x = new RandomState(3).Randn(5, 5);
        Assert.That(dropout.Forward(x).ToArray(), Is.EqualTo(x.ToArray()));
    }
}
