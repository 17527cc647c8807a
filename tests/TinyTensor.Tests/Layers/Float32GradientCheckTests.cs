using TinyTensor.Layers;
using TinyTensor.Tests.Support;

namespace TinyTensor.Tests.Layers;

/// <summary>
/// Gradient checks in float32: each layer's float32 backward pass against central differences of its float64 twin
/// at the same point (the same float32 parameters and inputs, widened exactly), so the check measures the float32
/// backward pass against the true derivative rather than float32 finite differences (whose cancellation error,
/// ε₃₂/h, would swamp it).
/// </summary>
/// <remarks>
/// Tolerance: |analytic − numeric| ≤ 2e-5·(|numeric| + max|numeric|), 2e-5 ≈ 168 ε₃₂. Each float32 gradient entry is
/// a dot product of at most 16 terms over values the float32 forward pass computed (each within a few ε₃₂), so its
/// rounding error stays below ≈ 2·16·ε₃₂ ≈ 3.8e-6 of the magnitudes involved; float64 central differences (h = 1e-6)
/// add ≈ 1e-9. A wrong backward formula is off by far more than 1e-4 relative.
/// </remarks>
[TestFixture]
public sealed class Float32GradientCheckTests
{
    private const double Tolerance = 2e-5;

    private static IEnumerable<TestCaseData> Layers()
    {
        yield return Case("Linear(5, 4)", () => new Linear(5, 4, new RandomState(3), TinyTensor.Init.Initializer.KaimingUniform()), 5);
        yield return Case("ReLU", () => new ReLU(), 5);
        yield return Case("LeakyReLU(0.1)", () => new LeakyReLU(0.1), 5);
        yield return Case("Sigmoid", () => new Sigmoid(), 5);
        yield return Case("Tanh", () => new Tanh(), 5);
        yield return Case("Standardize", () => new Standardize(Tensor.FromArray([0.5, -1.0, 2.0, 0.0, 0.25], 5), Tensor.FromArray([1.5, 0.75, 2.0, 1.0, 0.5], 5)), 5);
        yield return Case("MLP", () => new Sequential(
            new Linear(5, 8, new RandomState(4), TinyTensor.Init.Initializer.KaimingUniform()), new Tanh(),
            new Linear(8, 6, new RandomState(5), TinyTensor.Init.Initializer.KaimingUniform()), new LeakyReLU(0.2),
            new Linear(6, 3, new RandomState(6), TinyTensor.Init.Initializer.KaimingUniform())), 5);

        static TestCaseData Case(string name, Func<Layer> make, int features) => new TestCaseData(make, features).SetArgDisplayNames(name);
    }

    [TestCaseSource(nameof(Layers))]
    public void Float32Backward_MatchesFloat64FiniteDifferences(Func<Layer> make, int features)
    {
        var rng = new RandomState(11);
        Tensor x32 = rng.Randn(DType.Float32, 6, features);
        Layer layer32 = make().To(DType.Float32);
        Layer layer64 = make().To(DType.Float32).To(DType.Float64);
        Tensor output32 = layer32.Forward(x32);
        Tensor r32 = rng.Randn(DType.Float32, output32.Shape);
        Tensor x64 = x32.To(DType.Float64), r64 = r32.To(DType.Float64);

        layer32.ZeroGrad();
        Tensor dx = layer32.Backward(r32);
        Assert.That(dx.DType, Is.EqualTo(DType.Float32));

        // L = Σ r ⊙ layer(x), whose gradient with respect to the output is r.
        double Loss() => FiniteDifferences.Dot(r64.AsSpan(), layer64.Forward(x64).AsSpan());
        AssertClose(dx.ToArray(), FiniteDifferences.Gradient(x64, Loss), "dx");
        for (int i = 0; i < layer32.Parameters.Count; i++)
        {
            Assert.That(layer32.Grads[i]!.DType, Is.EqualTo(DType.Float32));
            AssertClose(layer32.Grads[i]!.ToArray(), FiniteDifferences.Gradient(layer64.Parameters[i], Loss), $"parameter {i}");
        }
    }

    [Test]
    public void SoftmaxCrossEntropyLoss_Float32Gradient_MatchesFloat64FiniteDifferences()
    {
        var rng = new RandomState(12);
        Tensor logits32 = rng.Randn(DType.Float32, 7, 4);
        int[] labels = [0, 3, 1, 2, 2, 0, 3];
        var loss = new SoftmaxCrossEntropyLoss();
        loss.Forward(logits32, labels);
        Tensor gradient = loss.Backward();
        Assert.That(gradient.DType, Is.EqualTo(DType.Float32));

        Tensor logits64 = logits32.To(DType.Float64);
        var twin = new SoftmaxCrossEntropyLoss();
        AssertClose(gradient.ToArray(), FiniteDifferences.Gradient(logits64, () => twin.Forward(logits64, labels)), "dlogits");
    }

    [Test]
    public void SoftmaxThenCrossEntropyLoss_Float32FusedGradient_MatchesFloat64FiniteDifferences()
    {
        var rng = new RandomState(13);
        Tensor logits32 = rng.Randn(DType.Float32, 5, 3);
        int[] labels = [2, 0, 1, 1, 2];
        var softmax = new Softmax();
        var loss = new CrossEntropyLoss();
        loss.Forward(softmax.Forward(logits32), labels);
        Tensor gradient = softmax.Backward(loss.Backward());
        Assert.That(gradient.DType, Is.EqualTo(DType.Float32));

        Tensor logits64 = logits32.To(DType.Float64);
        var softmax64 = new Softmax();
        var loss64 = new CrossEntropyLoss();
        AssertClose(gradient.ToArray(), FiniteDifferences.Gradient(logits64, () => loss64.Forward(softmax64.Forward(logits64), labels)), "dlogits");
    }

    private static void AssertClose(double[] analytic, double[] numeric, string what)
    {
        double scale = numeric.Max(Math.Abs);
        AssertTensor.AllClose(analytic, numeric, Tolerance, Tolerance * scale, what);
    }
}
