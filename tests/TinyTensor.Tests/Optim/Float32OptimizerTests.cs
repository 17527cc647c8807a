using TinyTensor.Init;
using TinyTensor.Layers;
using TinyTensor.Optim;

namespace TinyTensor.Tests.Optim;

/// <summary>
/// The optimisers on float32 parameters: the state and the arithmetic stay in float32, the hyper-parameters rounded to
/// float32 once (PyTorch's rule for Python-float scalars), so three steps give the bits of the update rule written out
/// in float32 (the vector and scalar loops round the same operations in the same order, on every SIMD path); a
/// parameter whose type changed after the optimiser was built is refused, naming both types, before any update; a
/// float32 step allocates nothing.
/// </summary>
[TestFixture]
public sealed class Float32OptimizerTests
{
    // 37 elements: whole vectors of every width (16, 8, 4 floats) and a scalar tail.
    private const int K = 37;
    private const double Lr = 0.05, Wd = 1e-2, Mu = 0.9, Beta1 = 0.9, Beta2 = 0.999, Eps = 1e-8;

    private static IEnumerable<TestCaseData> Rules()
    {
        yield return Rule("SGD", m => new SGD(m, Lr, Wd), Sgd(momentum: 0f, nesterov: false));
        yield return Rule("SGD momentum", m => new SGD(m, Lr, Wd, Mu), Sgd(momentum: (float)Mu, nesterov: false));
        yield return Rule("SGD Nesterov", m => new SGD(m, Lr, Wd, Mu, nesterov: true), Sgd(momentum: (float)Mu, nesterov: true));
        yield return Rule("Adam", m => new Adam(m, Lr, Beta1, Beta2, Eps, Wd), AdamRule(decoupled: false));
        yield return Rule("AdamW", m => new AdamW(m, Lr, Beta1, Beta2, Eps, Wd), AdamRule(decoupled: true));

        static TestCaseData Rule(string name, Func<Layer, Optimizer> create, Func<float[], float[], float[], float[], int, float> rule) =>
            new TestCaseData(create, rule).SetArgDisplayNames(name);
    }

    /// <summary>One element's update, written out in float32: (p, g, state1, state2, t) → new p, updating the states.</summary>
    private static Func<float[], float[], float[], float[], int, float> Sgd(float momentum, bool nesterov) => (p, g, v, _, t) =>
    {
        float lr = (float)Lr, wd = (float)Wd;
        float grad = g[0] + (wd * p[0]);
        if (momentum == 0f)
        {
            return p[0] - (lr * grad);
        }

        v[0] = t == 1 ? grad : (momentum * v[0]) + grad;
        float d = nesterov ? grad + (momentum * v[0]) : v[0];
        return p[0] - (lr * d);
    };

    private static Func<float[], float[], float[], float[], int, float> AdamRule(bool decoupled) => (p, g, m, v, t) =>
    {
        double bc1 = 1.0 - Math.Pow(Beta1, t), bc2 = 1.0 - Math.Pow(Beta2, t);
        float decay = decoupled ? (float)(1.0 - (Lr * Wd)) : 1f, l2 = decoupled ? 0f : (float)Wd;
        float grad = g[0] + (l2 * p[0]);
        m[0] = ((float)Beta1 * m[0]) + ((float)(1.0 - Beta1) * grad);
        v[0] = ((float)Beta2 * v[0]) + ((float)(1.0 - Beta2) * (grad * grad));
        float denominator = (MathF.Sqrt(v[0]) / (float)Math.Sqrt(bc2)) + (float)Eps;
        return (p[0] * decay) - ((float)(Lr / bc1) * (m[0] / denominator));
    };

    [TestCaseSource(nameof(Rules))]
    public void ThreeFloat32Steps_GiveTheBitsOfTheRuleInFloat32(Func<Layer, Optimizer> create, Func<float[], float[], float[], float[], int, float> rule)
    {
        var rng = new RandomState(21);
        float[] weight = rng.Randn(DType.Float32, K).ToArray<float>();
        float[] bias = rng.Randn(DType.Float32, K).ToArray<float>();
        var layer = (Linear)Linear.FromParameters(Tensor.FromArray(weight, 1, K), Tensor.FromArray(bias, K));
        Optimizer optimizer = create(layer);
        float[] expectedW = (float[])weight.Clone(), expectedB = (float[])bias.Clone();
        float[] w1 = new float[K], w2 = new float[K], b1 = new float[K], b2 = new float[K];
        for (int t = 1; t <= 3; t++)
        {
            float[] g = rng.Randn(DType.Float32, K).ToArray<float>();
            layer.ZeroGrad();
            layer.Forward(Tensor.FromArray(new[] { 1f }, 1, 1));
            layer.Backward(Tensor.FromArray(g, 1, K)); // dW = db = g exactly
            optimizer.Step();
            for (int i = 0; i < K; i++)
            {
                expectedW[i] = Apply(rule, expectedW[i], g[i], ref w1[i], ref w2[i], t);
                expectedB[i] = Apply(rule, expectedB[i], g[i], ref b1[i], ref b2[i], t);
            }
        }

        Assert.That(layer.Weight.DType, Is.EqualTo(DType.Float32));
        Assert.That(layer.Weight.ToArray<float>(), Is.EqualTo(expectedW));
        Assert.That(layer.Bias.ToArray<float>(), Is.EqualTo(expectedB));
    }

    private static float Apply(Func<float[], float[], float[], float[], int, float> rule, float p, float g, ref float s1, ref float s2, int t)
    {
        float[] a = [s1], b = [s2];
        float result = rule([p], [g], a, b, t);
        (s1, s2) = (a[0], b[0]);
        return result;
    }

    // ---- bad input: an optimiser and its parameters (issue 10) ----

    [TestCaseSource(nameof(Rules))]
    public void ModelConvertedAfterTheOptimiser_StepThrowsNamingBothTypes_AndUpdatesNothing(Func<Layer, Optimizer> create, Func<float[], float[], float[], float[], int, float> rule)
    {
        _ = rule;
        var first = new Linear(3, 2, new RandomState(1), Initializer.KaimingUniform());
        var second = new Linear(2, 2, new RandomState(2), Initializer.KaimingUniform());
        var model = new Sequential(first, second);
        Optimizer optimizer = create(model);
        second.To(DType.Float32);
        first.Forward(new Tensor(4, 3));
        first.Backward(new RandomState(3).Randn(4, 2));
        second.Forward(new Tensor(DType.Float32, 4, 2));
        second.Backward(new RandomState(4).Randn(DType.Float32, 4, 2));
        double[] before = first.Weight.ToArray();

        var ex = Assert.Throws<InvalidOperationException>(optimizer.Step);
        Assert.That(ex!.Message, Does.Contain("1.weight").And.Contain("float32").And.Contain("float64"));
        Assert.That(first.Weight.ToArray(), Is.EqualTo(before), "all or none: the float64 parameter before it is untouched");
    }

    [Test]
    public void OptimiserBuiltAfterTheConversion_Steps()
    {
        Layer model = new Sequential(new Linear(3, 2, new RandomState(1))).To(DType.Float32);
        var optimizer = new Adam(model);
        model.Forward(new Tensor(DType.Float32, 4, 3));
        model.Backward(new RandomState(3).Randn(DType.Float32, 4, 2));
        Assert.That(optimizer.Step, Throws.Nothing);
    }

    [TestCaseSource(nameof(Rules))]
    public void ASteadyStateFloat32TrainingStep_AllocatesNothing(Func<Layer, Optimizer> create, Func<float[], float[], float[], float[], int, float> rule)
    {
        _ = rule;
        Layer net = new Sequential(new Linear(3, 8, new RandomState(1), Initializer.KaimingUniform()), new Tanh(), new Linear(8, 2, new RandomState(2))).To(DType.Float32);
        Optimizer optimizer = create(net);
        var loss = new SoftmaxCrossEntropyLoss();
        Tensor x = new RandomState(2).Randn(DType.Float32, 5, 3);
        int[] y = [0, 1, 1, 0, 1];
        void Step()
        {
            loss.Forward(net.Forward(x), y);
            optimizer.ZeroGrad();
            net.BackwardParameters(loss.Backward());
            optimizer.Step();
        }

        Step();
        Step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++)
        {
            Step();
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }
}
