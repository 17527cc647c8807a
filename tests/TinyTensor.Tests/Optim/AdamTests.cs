using TinyTensor.Optim;
using TinyTensor.Tests.Support;

namespace TinyTensor.Tests.Optim;

/// <summary>Adam and AdamW against PyTorch's documented updates, written out independently in the test.</summary>
[TestFixture]
public sealed class AdamTests
{
    [Test]
    public void Adam_ConstantGradient_MovesLrTimesTheSignEachStep()
    {
        // With a constant g, m̂ = g and v̂ = g² at every step, so each step is lr·g / (|g| + ε).
        var t = new OptimizerTestModel([1.0], [1.0]);
        var adam = new Adam(t.Model, learningRate: 0.1);
        double stepSize = 0.1 * 0.5 / (0.5 + 1e-8);
        for (int step = 1; step <= 3; step++)
        {
            t.SetGradient([0.5]);
            adam.Step();
            Assert.That(t.Layer.Weight[0, 0], Is.EqualTo(1.0 - (step * stepSize)).Within(1e-14), $"step {step}");
        }

        Assert.That(adam.StepCount, Is.EqualTo(3));
    }

    [TestCase(0.0)]
    [TestCase(0.1)]
    public void Adam_ThreeSteps_FollowPyTorchsDocumentedRule(double weightDecay) =>
        CheckAgainstReference(decoupled: false, weightDecay, (model, lr, b1, b2, eps, wd) => new Adam(model, lr, b1, b2, eps, wd));

    [TestCase(0.0)]
    [TestCase(0.1)]
    public void AdamW_ThreeSteps_FollowPyTorchsDocumentedRule(double weightDecay) =>
        CheckAgainstReference(decoupled: true, weightDecay, (model, lr, b1, b2, eps, wd) => new AdamW(model, lr, b1, b2, eps, wd));

    [Test]
    public void AdamW_DecaysTheParameter_NotTheGradient()
    {
        // g = 0 everywhere: Adam's m stays 0 so only the decay moves p. AdamW: p·(1 − lr·wd); Adam with the same
        // decay sees g = wd·p and moves by about lr (sign of p).
        var w = new OptimizerTestModel([2.0], [2.0]);
        var adamW = new AdamW(w.Model, learningRate: 0.1, weightDecay: 0.5);
        w.SetGradient([0.0]);
        adamW.Step();
        Assert.That(w.Layer.Weight[0, 0], Is.EqualTo(2.0 * (1 - (0.1 * 0.5))).Within(1e-15));

        var a = new OptimizerTestModel([2.0], [2.0]);
        var adam = new Adam(a.Model, learningRate: 0.1, weightDecay: 0.5);
        a.SetGradient([0.0]);
        adam.Step();
        Assert.That(a.Layer.Weight[0, 0], Is.EqualTo(2.0 - (0.1 * 1.0 / (1.0 + 1e-8))).Within(1e-14));
    }

    [Test]
    public void Defaults_AreTorchs()
    {
        var t = new OptimizerTestModel([1.0], [1.0]);
        var adam = new Adam(t.Model);
        var adamW = new AdamW(t.Model);
        Assert.That((adam.LearningRate, adam.Beta1, adam.Beta2, adam.Epsilon, adam.WeightDecay), Is.EqualTo((1e-3, 0.9, 0.999, 1e-8, 0.0)));
        Assert.That(adamW.WeightDecay, Is.EqualTo(1e-2));
    }

    [Test]
    public void Step_AfterTheFirst_AllocatesNothing()
    {
        var t = new OptimizerTestModel(new double[64], new double[64]);
        var adam = new Adam(t.Model);
        var adamW = new AdamW(t.Model);
        t.SetGradient(new double[64]);
        adam.Step();
        adamW.Step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
        {
            adam.Step();
            adamW.Step();
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [Test]
    public void BadHyperParameters_AreRejectedUpFront_WithTheValue()
    {
        var model = new OptimizerTestModel([1.0], [1.0]).Model;
        Assert.That(() => new Adam(model, learningRate: -1),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("Invalid learning rate: -1").And.Property("ParamName").EqualTo("learningRate"));
        Assert.That(() => new AdamW(model, learningRate: double.NaN),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("Invalid learning rate: NaN"));
        Assert.That(() => new Adam(model, beta1: 1.0),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("Invalid beta parameter at index 0: 1"));
        Assert.That(() => new AdamW(model, beta2: -0.1),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("Invalid beta parameter at index 1: -0.1"));
        Assert.That(() => new Adam(model, epsilon: -1e-8),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("Invalid epsilon value: -1E-08"));
        Assert.That(() => new AdamW(model, weightDecay: -0.01),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("Invalid weight_decay value: -0.01"));
    }

    [Test]
    public void Step_WithoutGradients_ThrowsAndUpdatesNothing()
    {
        var t = new OptimizerTestModel([1.0], [1.0]);
        var adam = new Adam(t.Model);
        Assert.That(() => adam.Step(), Throws.InvalidOperationException.With.Message.Contains("No gradient"));
        Assert.That(adam.StepCount, Is.Zero);
        Assert.That(t.Layer.Weight[0, 0], Is.EqualTo(1.0));
    }

    private static void CheckAgainstReference(bool decoupled, double weightDecay,
        Func<TinyTensor.Layers.Sequential, double, double, double, double, double, Optimizer> create)
    {
        const double lr = 0.01, beta1 = 0.8, beta2 = 0.95, eps = 1e-6;
        var rng = new RandomState(23);
        double[] w = rng.Randn(7).ToArray(), b = rng.Randn(7).ToArray();
        var t = new OptimizerTestModel(w, b);
        Optimizer optimizer = create(t.Model, lr, beta1, beta2, eps, weightDecay);

        double[] theta = (double[])w.Clone();
        var m = new double[7];
        var v = new double[7];
        for (int step = 1; step <= 3; step++)
        {
            double[] grad = rng.Normal(0.0, 2.0, 7).ToArray();
            t.SetGradient(grad);
            optimizer.Step();

            // torch.optim.Adam / AdamW docs, per element.
            for (int i = 0; i < 7; i++)
            {
                double g = grad[i];
                if (decoupled)
                {
                    theta[i] -= lr * weightDecay * theta[i];
                }
                else
                {
                    g += weightDecay * theta[i];
                }

                m[i] = (beta1 * m[i]) + ((1 - beta1) * g);
                v[i] = (beta2 * v[i]) + ((1 - beta2) * g * g);
                double mHat = m[i] / (1 - Math.Pow(beta1, step));
                double vHat = v[i] / (1 - Math.Pow(beta2, step));
                theta[i] -= lr * mHat / (Math.Sqrt(vHat) + eps);
            }

            AssertTensor.AllClose(t.Layer.Weight.AsReadOnlySpan(), theta, 1e-13, 1e-15, $"W after step {step}");
        }
    }
}
