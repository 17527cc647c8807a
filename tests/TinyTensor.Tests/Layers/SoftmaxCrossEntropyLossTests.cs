using TinyTensor.Init;
using TinyTensor.Kernels;
using TinyTensor.Layers;
using TinyTensor.Optim;
using TinyTensor.Tests.Support;

namespace TinyTensor.Tests.Layers;

/// <summary>The logits loss: equal to the notebook's Softmax + CrossEntropyLoss where both are finite, finite where
/// that pair overflows, gradient checked by finite differences, and the ILoss contract.</summary>
[TestFixture]
public sealed class SoftmaxCrossEntropyLossTests
{
    [Test]
    public void LossAndGradient_EqualSoftmaxThenCrossEntropy_OnModerateLogits()
    {
        var rng = new RandomState(2);
        Tensor logits = rng.Normal(0.0, 3.0, 9, 5);
        int[] labels = rng.RandInt(0, 5, 9);

        var fused = new SoftmaxCrossEntropyLoss();
        double loss = fused.Forward(logits, labels);
        double[] gradient = fused.Backward().ToArray();

        var softmax = new Softmax();
        var crossEntropy = new CrossEntropyLoss();
        double expectedLoss = crossEntropy.Forward(softmax.Forward(logits), labels);
        double[] expectedGradient = softmax.Backward(crossEntropy.Backward()).ToArray();

        Assert.That(loss, Is.EqualTo(expectedLoss).Within(1e-14).Percent);
        AssertTensor.AllClose(gradient, expectedGradient, 1e-15, 1e-17, "gradient");
    }

    [Test]
    public void Loss_EqualsTheScalarLogSumExpDefinition()
    {
        var rng = new RandomState(4);
        Tensor logits = rng.Normal(0.0, 10.0, 7, 13);
        int[] labels = rng.RandInt(0, 13, 7);
        double expected = Enumerable.Range(0, 7).Sum(i => SoftmaxCrossEntropyKernel.RowLossScalar(logits.Row(i), labels[i])) / 7;
        Assert.That(new SoftmaxCrossEntropyLoss().Forward(logits, labels), Is.EqualTo(expected).Within(1e-13).Percent);
    }

    [Test]
    public void Loss_StaysFinite_ForLogitsOfPlusMinus1000()
    {
        Tensor logits = Tensor.FromArray(new double[,] { { 1000, -1000, 0 }, { -1000, 1000, -1000 }, { 1000, 1000, -1000 } });
        int[] labels = [1, 1, 0];
        var loss = new SoftmaxCrossEntropyLoss();

        // Row 0: log(1) − (−1000 − 1000) = 2000; row 1: 0; row 2: log 2.
        Assert.That(loss.Forward(logits, labels), Is.EqualTo((2000 + 0 + Math.Log(2)) / 3).Within(1e-12));
        double[] gradient = loss.Backward().ToArray();
        Assert.That(gradient.All(double.IsFinite), Is.True);
        AssertTensor.AllClose(gradient, [1.0 / 3, -1.0 / 3, 0, 0, 0, 0, -0.5 / 3, 0.5 / 3, 0], 1e-15, 1e-300, "gradient");

        // The notebook's pair overflows here: p = 0 for the true class of row 0 gives an infinite loss.
        Assert.That(new CrossEntropyLoss().Forward(new Softmax().Forward(logits), labels), Is.EqualTo(double.PositiveInfinity));
    }

    [Test]
    public void Backward_MatchesFiniteDifferences()
    {
        var rng = new RandomState(9);
        Tensor logits = rng.Normal(0.0, 2.0, 5, 4);
        int[] labels = [0, 3, 1, 1, 2];
        var loss = new SoftmaxCrossEntropyLoss();
        loss.Forward(logits, labels);
        double[] analytic = loss.Backward().ToArray();
        FiniteDifferences.AssertMatches(analytic, logits, () => loss.Forward(logits, labels), "dL/dlogits");
    }

    [Test]
    public void Backward_BeforeForward_Throws() =>
        Assert.That(() => new SoftmaxCrossEntropyLoss().Backward(),
            Throws.TypeOf<InvalidOperationException>().With.Message.Contains("call Forward first"));

    [Test]
    public void Backward_ReusesItsBuffer_AndDoesNotKeepTheLogits()
    {
        var rng = new RandomState(1);
        var loss = new SoftmaxCrossEntropyLoss();
        Tensor logits = rng.Randn(4, 3);
        loss.Forward(logits, [0, 1, 2, 0]);
        Tensor first = loss.Backward();
        double[] expected = first.ToArray();
        logits.Fill(123.0); // the loss kept softmax(logits), so changing the caller's tensor changes nothing
        Tensor second = loss.Backward();
        Assert.That(second, Is.SameAs(first));
        Assert.That(second.ToArray(), Is.EqualTo(expected));
    }

    [Test]
    public void Forward_RejectsBadLabelsAndShapes()
    {
        var loss = new SoftmaxCrossEntropyLoss();
        var logits = new Tensor(2, 3);
        Assert.That(() => loss.Forward(logits, [0, 3]),
            Throws.ArgumentException.With.Message.Contains("label 3 at index 1 is outside [0, 3)"));
        Assert.That(() => loss.Forward(logits, [-1, 0]),
            Throws.ArgumentException.With.Message.Contains("label -1 at index 0"));
        Assert.That(() => loss.Forward(logits, [0]),
            Throws.ArgumentException.With.Message.Contains("1 labels for logits of shape (2, 3)"));
        Assert.That(() => loss.Forward(new Tensor(6), [0]),
            Throws.ArgumentException.With.Message.Contains("expected (N, C) logits"));
    }

    [Test]
    public void Loss_IsAnILoss_ThatTrainsASmallNetwork()
    {
        var rng = new RandomState(0);
        var model = new Sequential(new Linear(2, 8, rng, Initializer.KaimingUniform()), new Tanh(), new Linear(8, 2, rng, Initializer.XavierUniform()));
        Tensor x = rng.Randn(32, 2);
        int[] y = Enumerable.Range(0, 32).Select(i => x[i, 0] * x[i, 1] > 0 ? 1 : 0).ToArray();
        var loss = new SoftmaxCrossEntropyLoss();
        Assert.That(loss, Is.InstanceOf<ILoss>());
        var optimizer = new Adam(model, learningRate: 0.05);
        double first = 0, last = 0;
        for (int epoch = 0; epoch < 200; epoch++)
        {
            last = loss.Forward(model.Forward(x), y);
            first = epoch == 0 ? last : first;
            optimizer.ZeroGrad();
            model.Backward(loss.Backward());
            optimizer.Step();
        }

        Assert.That(last, Is.LessThan(first / 3));
    }
}
