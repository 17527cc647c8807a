using TinyTensor.Kernels;
using TinyTensor.Layers;
using TinyTensor.Tests.Support;

namespace TinyTensor.Tests.Layers;

/// <summary>Sigmoid, Tanh and LeakyReLU: forward against the scalar definitions, backward against finite differences,
/// and the layer contract (buffers reused, Backward before Forward, shape checks).</summary>
[TestFixture]
public sealed class ActivationLayerTests
{
    private static IEnumerable<TestCaseData> Layers()
    {
        yield return new TestCaseData(new Func<Layer>(() => new Sigmoid()), new Func<double, double>(SigmoidKernel.ForwardScalar)).SetArgDisplayNames("Sigmoid");
        yield return new TestCaseData(new Func<Layer>(() => new Tanh()), new Func<double, double>(TanhKernel.ForwardScalar)).SetArgDisplayNames("Tanh");
        yield return new TestCaseData(new Func<Layer>(() => new LeakyReLU()), new Func<double, double>(x => LeakyReluKernel.ForwardScalar(x, 0.01))).SetArgDisplayNames("LeakyReLU(0.01)");
        yield return new TestCaseData(new Func<Layer>(() => new LeakyReLU(0.3)), new Func<double, double>(x => LeakyReluKernel.ForwardScalar(x, 0.3))).SetArgDisplayNames("LeakyReLU(0.3)");
        yield return new TestCaseData(new Func<Layer>(() => new LeakyReLU(-0.5)), new Func<double, double>(x => LeakyReluKernel.ForwardScalar(x, -0.5))).SetArgDisplayNames("LeakyReLU(-0.5)");
    }

    [TestCaseSource(nameof(Layers))]
    public void Forward_EveryLength_MatchesTheScalarDefinition(Func<Layer> create, Func<double, double> reference)
    {
        var rng = new RandomState(3);
        Layer layer = create();
        // Lengths around the vector widths (2, 4, 8) so both the vector loop and the remainder run.
        for (int length = 1; length <= 67; length++)
        {
            Tensor x = rng.Normal(0.0, 3.0, 1, length);
            double[] actual = layer.Forward(x).ToArray();
            double[] expected = x.ToArray().Select(reference).ToArray();
            // TensorPrimitives' vectorised exp/tanh are not correctly rounded: agreement to ~1e-14 relative, not bits.
            AssertTensor.AllClose(actual, expected, 1e-13, 1e-300, $"length {length}");
        }
    }

    [TestCaseSource(nameof(Layers))]
    public void Backward_MatchesFiniteDifferences(Func<Layer> create, Func<double, double> reference)
    {
        _ = reference;
        var rng = new RandomState(7);
        Layer layer = create();
        Tensor x = rng.Normal(0.0, 2.0, 6, 11);
        // Keep LeakyReLU away from its kink at 0, where the central difference straddles two slopes.
        Span<double> values = x.AsSpan();
        for (int i = 0; i < values.Length; i++)
        {
            if (Math.Abs(values[i]) < 1e-3)
            {
                values[i] = 0.5;
            }
        }

        Tensor r = rng.Randn(6, 11);
        layer.Forward(x);
        double[] dx = layer.Backward(r).ToArray();
        FiniteDifferences.AssertMatches(dx, x, () => FiniteDifferences.Dot(layer.Forward(x).AsReadOnlySpan(), r.AsReadOnlySpan()), layer.ToString()!);
    }

    [TestCaseSource(nameof(Layers))]
    public void ForwardAndBackward_ReuseTheirBuffers_UntilTheShapeChanges(Func<Layer> create, Func<double, double> reference)
    {
        _ = reference;
        var rng = new RandomState(1);
        Layer layer = create();
        Tensor x = rng.Randn(3, 4);
        Tensor y1 = layer.Forward(x);
        Tensor d1 = layer.Backward(rng.Randn(3, 4));
        Tensor y2 = layer.Forward(rng.Randn(3, 4));
        Tensor d2 = layer.Backward(rng.Randn(3, 4));
        Assert.That(y2, Is.SameAs(y1));
        Assert.That(d2, Is.SameAs(d1));
        Assert.That(layer.Forward(rng.Randn(5, 4)), Is.Not.SameAs(y1));
        Assert.That(layer.Parameters, Is.Empty);
    }

    [TestCaseSource(nameof(Layers))]
    public void Backward_BeforeForward_Throws(Func<Layer> create, Func<double, double> reference)
    {
        _ = reference;
        Layer layer = create();
        Assert.That(() => layer.Backward(new Tensor(2, 3)),
            Throws.TypeOf<InvalidOperationException>().With.Message.Contains("call Forward first"));
    }

    [TestCaseSource(nameof(Layers))]
    public void Backward_WithAnotherShape_Throws(Func<Layer> create, Func<double, double> reference)
    {
        _ = reference;
        Layer layer = create();
        layer.Forward(new Tensor(2, 3));
        Assert.That(() => layer.Backward(new Tensor(3, 2)),
            Throws.ArgumentException.With.Message.Contains("(3, 2)").And.Message.Contains("(2, 3)"));
    }

    [Test]
    public void Kernels_EverySpanLength_MatchTheScalarDefinitionsBitForBit()
    {
        var rng = new RandomState(5);
        for (int length = 0; length <= 67; length++)
        {
            double[] x = rng.Normal(0.0, 3.0, length + 1).ToArray()[..length];
            double[] dout = rng.Randn(length + 1).ToArray()[..length];
            var y = new double[length];
            var dx = new double[length];

            SigmoidKernel.Forward(x, y);
            SigmoidKernel.Backward(y, dout, dx);
            AssertTensor.BitwiseEqual(dx, y.Zip(dout, SigmoidKernel.BackwardScalar).ToArray(), $"sigmoid backward, length {length}");

            TanhKernel.Forward(x, y);
            TanhKernel.Backward(y, dout, dx);
            AssertTensor.BitwiseEqual(dx, y.Zip(dout, TanhKernel.BackwardScalar).ToArray(), $"tanh backward, length {length}");

            LeakyReluKernel.Forward(x, y, 0.1);
            AssertTensor.BitwiseEqual(y, x.Select(v => LeakyReluKernel.ForwardScalar(v, 0.1)).ToArray(), $"leaky forward, length {length}");
            LeakyReluKernel.Backward(x, dout, dx, 0.1);
            AssertTensor.BitwiseEqual(dx, x.Zip(dout, (v, g) => LeakyReluKernel.BackwardScalar(v, g, 0.1)).ToArray(), $"leaky backward, length {length}");
        }
    }

    [Test]
    public void Sigmoid_AndTanh_SaturateWithoutNaN_AtLargeInputs()
    {
        Tensor x = Tensor.FromArray([-1000.0, -40.0, 0.0, 40.0, 1000.0], 1, 5);
        Assert.That(new Sigmoid().Forward(x).ToArray(), Is.EqualTo(new[] { 0.0, SigmoidKernel.ForwardScalar(-40.0), 0.5, 1.0, 1.0 }).Within(1e-300));
        Assert.That(new Tanh().Forward(x).ToArray(), Is.EqualTo(new[] { -1.0, -1.0, 0.0, 1.0, 1.0 }));
    }

    [Test]
    public void LeakyReLU_AtZero_HasTheSlopeAsGradient_AsPyTorch()
    {
        var layer = new LeakyReLU(0.2);
        layer.Forward(Tensor.FromArray([0.0, -2.0, 3.0], 1, 3));
        Assert.That(layer.Backward(Tensor.FromArray([1.0, 1.0, 1.0], 1, 3)).ToArray(), Is.EqualTo(new[] { 0.2, 0.2, 1.0 }));
    }

    [Test]
    public void LeakyReLU_RejectsANonFiniteSlope()
    {
        Assert.That(() => new LeakyReLU(double.NaN),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("negativeSlope"));
    }
}
