using TinyTensor.Optim;
using TinyTensor.Tests.Support;

namespace TinyTensor.Tests.Optim;

/// <summary>SGD with momentum and Nesterov against PyTorch's documented update, hand-computed; plain SGD unchanged.</summary>
[TestFixture]
public sealed class SgdMomentumTests
{
    [Test]
    public void Momentum_ThreeSteps_MatchHandComputedValues()
    {
        // μ = 0.9, lr = 0.1, p0 = 1, g = 0.5 each step:
        // v1 = 0.5, p1 = 0.95; v2 = 0.95, p2 = 0.855; v3 = 1.355, p3 = 0.7195.
        var t = new OptimizerTestModel([1.0], [1.0]);
        var sgd = new SGD(t.Model, learningRate: 0.1, weightDecay: 0.0, momentum: 0.9);
        double[] expected = [0.95, 0.855, 0.7195];
        for (int step = 0; step < 3; step++)
        {
            t.SetGradient([0.5]);
            sgd.Step();
            Assert.That(t.Layer.Weight[0, 0], Is.EqualTo(expected[step]).Within(1e-15), $"step {step + 1}");
        }
    }

    [Test]
    public void Nesterov_TwoSteps_MatchHandComputedValues()
    {
        // Nesterov: d = g + μ·v. v1 = 0.5, d1 = 0.95, p1 = 0.905; v2 = 0.95, d2 = 1.355, p2 = 0.7695.
        var t = new OptimizerTestModel([1.0], [1.0]);
        var sgd = new SGD(t.Model, 0.1, 0.0, 0.9, nesterov: true);
        t.SetGradient([0.5]);
        sgd.Step();
        Assert.That(t.Layer.Weight[0, 0], Is.EqualTo(0.905).Within(1e-15));
        t.SetGradient([0.5]);
        sgd.Step();
        Assert.That(t.Layer.Weight[0, 0], Is.EqualTo(0.7695).Within(1e-15));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void MomentumWithWeightDecay_FollowsPyTorchsDocumentedRule(bool nesterov)
    {
        const double lr = 0.05, wd = 0.01, mu = 0.8;
        var rng = new RandomState(17);
        double[] w = rng.Randn(7).ToArray(), b = rng.Randn(7).ToArray();
        var t = new OptimizerTestModel(w, b);
        var sgd = new SGD(t.Model, lr, wd, mu, nesterov);

        // torch.optim.SGD docs (dampening τ = 0): g ← g + λθ; b ← g at t = 1, else μ·b + g;
        // g ← g + μ·b if nesterov else b; θ ← θ − γ·g. Written out per element, independently of the kernel.
        double[] expectedW = (double[])w.Clone(), expectedB = (double[])b.Clone();
        var bufW = new double[7];
        var bufB = new double[7];
        for (int step = 1; step <= 3; step++)
        {
            double[] g = rng.Randn(7).ToArray();
            t.SetGradient(g);
            sgd.Step();
            Reference(expectedW, g, bufW, step);
            Reference(expectedB, g, bufB, step);
            AssertTensor.AllClose(t.Layer.Weight.AsReadOnlySpan(), expectedW, 1e-14, 1e-16, $"W after step {step}");
            AssertTensor.AllClose(t.Layer.Bias.AsReadOnlySpan(), expectedB, 1e-14, 1e-16, $"b after step {step}");
        }

        void Reference(double[] theta, double[] grad, double[] buf, int step)
        {
            for (int i = 0; i < theta.Length; i++)
            {
                double gt = grad[i] + (wd * theta[i]);
                buf[i] = step == 1 ? gt : (mu * buf[i]) + gt;
                double update = nesterov ? gt + (mu * buf[i]) : buf[i];
                theta[i] -= lr * update;
            }
        }
    }

    [Test]
    public void ZeroMomentum_IsBitIdenticalToTheFrameworksSgd()
    {
        var rng = new RandomState(5);
        double[] w = rng.Randn(9).ToArray(), b = rng.Randn(9).ToArray();
        var plain = new OptimizerTestModel(w, b);
        var zero = new OptimizerTestModel(w, b);
        var sgd = new SGD(plain.Model, 0.1, 1e-5);
        var sgdZero = new SGD(zero.Model, 0.1, 1e-5, momentum: 0.0);
        double[] expected = (double[])w.Clone();
        for (int step = 0; step < 4; step++)
        {
            double[] g = rng.Randn(9).ToArray();
            plain.SetGradient(g);
            zero.SetGradient(g);
            sgd.Step();
            sgdZero.Step();
            for (int i = 0; i < expected.Length; i++)
            {
                // The framework's arithmetic: p − lr·(g + wd·p), four roundings, no FMA.
                expected[i] -= 0.1 * (g[i] + (1e-5 * expected[i]));
            }
        }

        AssertTensor.BitwiseEqual(plain.Layer.Weight.AsReadOnlySpan(), expected, "plain SGD");
        AssertTensor.BitwiseEqual(zero.Layer.Weight.AsReadOnlySpan(), expected, "momentum 0");
        AssertTensor.BitwiseEqual(zero.Layer.Bias.AsReadOnlySpan(), plain.Layer.Bias.AsReadOnlySpan(), "bias");
    }

    [Test]
    public void Step_AfterTheFirst_AllocatesNothing()
    {
        var t = new OptimizerTestModel(new double[64], new double[64]);
        var sgd = new SGD(t.Model, 0.1, 0.01, 0.9, nesterov: true);
        t.SetGradient(new double[64]);
        sgd.Step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
        {
            sgd.Step();
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [Test]
    public void BadHyperParameters_AreRejectedUpFront_WithTheValue()
    {
        var t = new OptimizerTestModel([1.0], [1.0]);
        Assert.That(() => new SGD(t.Model, 0.1, 0.0, momentum: -0.5),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("invalid momentum value: -0.5").And.Property("ParamName").EqualTo("momentum"));
        Assert.That(() => new SGD(t.Model, 0.1, 0.0, momentum: double.NaN), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => new SGD(t.Model, 0.1, 0.0, momentum: 0.0, nesterov: true),
            Throws.ArgumentException.With.Message.Contains("Nesterov momentum requires a momentum > 0"));
        Assert.That(() => new SGD(t.Model, -1, 0.0, momentum: 0.9),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("invalid learning rate: -1"));
    }

    [Test]
    public void Step_WithoutGradients_ThrowsAndUpdatesNothing()
    {
        var t = new OptimizerTestModel([1.0, 2.0], [3.0, 4.0]);
        var sgd = new SGD(t.Model, 0.1, 0.0, 0.9);
        Assert.That(() => sgd.Step(), Throws.InvalidOperationException.With.Message.Contains("No gradient"));
        Assert.That(t.Layer.Weight.ToArray(), Is.EqualTo(new[] { 1.0, 2.0 }));
    }
}
