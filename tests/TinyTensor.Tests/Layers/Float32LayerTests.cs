using TinyTensor.Init;
using TinyTensor.Kernels;
using TinyTensor.Layers;
using TinyTensor.Tests.Support;

namespace TinyTensor.Tests.Layers;

/// <summary>The layers in float32: they follow their input's type, a converted layer is the float64 one rounded, the
/// elementwise kernels give their scalar definitions' bits in float32 on every SIMD path, and a layer refuses an
/// input or gradient of another type, naming the layer and both types.</summary>
[TestFixture]
public sealed class Float32LayerTests
{
    [TestCase(DType.Float64)]
    [TestCase(DType.Float32)]
    public void Linear_ConvertedTo_HoldsTheFloat64InitialisationRounded(DType dtype)
    {
        var reference = new Linear(7, 5, new RandomState(9), Initializer.KaimingUniform());
        var converted = (Linear)new Linear(7, 5, new RandomState(9), Initializer.KaimingUniform()).To(dtype);
        Assert.That(converted.Weight.DType, Is.EqualTo(dtype));
        Assert.That(converted.Bias.DType, Is.EqualTo(dtype));
        Assert.That(converted.Weight.ToArray(), Is.EqualTo(reference.Weight.To(dtype).ToArray()));
        Assert.That(converted.Bias.ToArray(), Is.EqualTo(reference.Bias.ToArray().Select(v => dtype == DType.Float32 ? (double)(float)v : v).ToArray()));
    }

    [Test]
    public void Initializer_OnFloat32Tensors_WritesTheFloat64DrawsRounded()
    {
        foreach (Initializer initializer in new[] { Initializer.Default, Initializer.KaimingUniform(), Initializer.XavierNormal() })
        {
            Tensor w64 = new(4, 3), b64 = new(3), w32 = new(DType.Float32, 4, 3), b32 = new(DType.Float32, 3);
            initializer.Initialize(w64, b64, new RandomState(5));
            initializer.Initialize(w32, b32, new RandomState(5));
            Assert.That(w32.ToArray(), Is.EqualTo(w64.To(DType.Float32).ToArray()));
            Assert.That(b32.ToArray(), Is.EqualTo(b64.To(DType.Float32).ToArray()));
        }
    }

    [TestCase(DType.Float64)]
    [TestCase(DType.Float32)]
    public void Linear_Forward_IsTheProductPlusBiasInTheLayersType(DType dtype)
    {
        var layer = (Linear)new Linear(3, 2, new RandomState(1), Initializer.KaimingUniform()).To(dtype);
        Tensor x = new RandomState(2).Randn(dtype, 4, 3);
        Tensor y = layer.Forward(x);
        Assert.That(y.DType, Is.EqualTo(dtype));

        // Three products and three additions per output: exact in float64 for float32 operands up to the last rounding.
        double[] w = layer.Weight.ToArray(), b = layer.Bias.ToArray(), xs = x.ToArray(), expected = new double[8];
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 2; j++)
            {
                double sum = 0;
                for (int k = 0; k < 3; k++)
                {
                    sum += xs[(i * 3) + k] * w[(k * 2) + j];
                }

                expected[(i * 2) + j] = sum + b[j];
            }
        }

        double eps = dtype == DType.Float32 ? 1.2e-7 : 2.3e-16;
        AssertTensor.AllClose(y.ToArray(), expected, 8 * eps, 8 * eps * expected.Max(Math.Abs), "y");
    }

    /// <summary>Two ε₃₂ relative: the float32 sigmoid rests on TensorPrimitives' float32 exp (≈ 1.1 ε₃₂ seen), the
    /// float32 tanh is the float64 tanh rounded (≤ 0.5 ε₃₂ but for ties). TensorPrimitives' own float32 tanh, which the
    /// kernel avoids, is off by ≈ 6e-8 absolute near 0 (10¹¹ ε₃₂ relative at x = 1e-12, and tanh(0) = −5.96e-8).</summary>
    private const double MaxUlps = 2;

    [Test]
    public void ElementwiseKernels_InFloat32_GiveTheScalarDefinitionsBits_ForEveryLength()
    {
        var rng = new RandomState(5);
        for (int n = 0; n <= 70; n++)
        {
            float[] x = [.. rng.Randn(DType.Float32, n).ToArray<float>()];
            float[] dout = [.. rng.Randn(DType.Float32, n).ToArray<float>()];
            float[] y = new float[n], dx = new float[n];

            ReluKernel.Forward<float>(x, y);
            Assert.That(y, Is.EqualTo(x.Select(v => Math.Max(v, 0f)).ToArray()), $"relu n={n}");
            ReluKernel.Backward<float>(x, dout, dx);
            Assert.That(dx, Is.EqualTo(x.Select((v, i) => ReluKernel.BackwardScalar(v, dout[i])).ToArray()), $"relu' n={n}");

            LeakyReluKernel.Forward<float>(x, y, 0.1f);
            Assert.That(y, Is.EqualTo(x.Select(v => LeakyReluKernel.ForwardScalar(v, 0.1f)).ToArray()), $"leaky n={n}");
            LeakyReluKernel.Backward<float>(x, dout, dx, 0.1f);
            Assert.That(dx, Is.EqualTo(x.Select((v, i) => LeakyReluKernel.BackwardScalar(v, dout[i], 0.1f)).ToArray()), $"leaky' n={n}");

            SigmoidKernel.Backward<float>(x, dout, dx);
            Assert.That(dx, Is.EqualTo(x.Select((v, i) => SigmoidKernel.BackwardScalar(v, dout[i])).ToArray()), $"sigmoid' n={n}");
            TanhKernel.Backward<float>(x, dout, dx);
            Assert.That(dx, Is.EqualTo(x.Select((v, i) => TanhKernel.BackwardScalar(v, dout[i])).ToArray()), $"tanh' n={n}");
        }
    }

    [Test]
    public void SigmoidAndTanh_InFloat32_AreWithinAFewUlpOfTheFloat64Functions()
    {
        // Normal draws, then magnitudes from 1e-12 to 10 of both signs, then exact 0 and ±2⁻¹² (the kernel's edge).
        var rng = new RandomState(6);
        double[] draws = [.. rng.Randn(300).ToArray(), .. Enumerable.Range(0, 300).Select(i => (i % 2 == 0 ? 1 : -1) * Math.Pow(10, -12 + (13.0 * i / 300))), 0.0, 1.0 / 4096, -1.0 / 4096];
        Tensor x = Tensor.FromArray(draws, draws.Length).To(DType.Float32);
        double[] xs = x.ToArray();
        double sigmoid = MaxRelativeError(new Sigmoid().Forward(x).ToArray(), xs.Select(v => 1 / (1 + Math.Exp(-v))).ToArray());
        double tanh = MaxRelativeError(new Tanh().Forward(x).ToArray(), xs.Select(Math.Tanh).ToArray());
        TestContext.Out.WriteLine($"max relative error: sigmoid {sigmoid / 1.1920929e-7:F2} ε₃₂, tanh {tanh / 1.1920929e-7:F2} ε₃₂");
        Assert.That(sigmoid, Is.LessThan(MaxUlps * 1.1920929e-7), "sigmoid");
        Assert.That(tanh, Is.LessThan(MaxUlps * 1.1920929e-7), "tanh");
        Assert.That(new Tanh().Forward(Tensor.FromArray(new[] { 0f, -0f, 1e-30f }, 3)).ToArray<float>(), Is.EqualTo(new[] { 0f, -0f, 1e-30f }));
    }

    private static double MaxRelativeError(double[] actual, double[] expected) =>
        actual.Zip(expected, (a, e) => a == e ? 0 : Math.Abs(a - e) / Math.Abs(e)).Max();

    [Test]
    public void Softmax_InFloat32_RowsAreTheFloat64SoftmaxRounded()
    {
        Tensor x = new RandomState(7).Randn(DType.Float32, 9, 40);
        Tensor p = new Softmax().Forward(x);
        Tensor p64 = new Softmax().Forward(x.To(DType.Float64));
        Assert.That(p.DType, Is.EqualTo(DType.Float32));
        // exp (a few ulp), the rounded sum and the division: within 4 ε₃₂ of the float64 result.
        AssertTensor.AllClose(p.ToArray(), p64.ToArray(), 4.8e-7, 1e-30, "softmax");
    }

    [Test]
    public void LeakyReLU_InFloat32_UsesTheSlopeRoundedToFloat32()
    {
        var layer = new LeakyReLU(0.1);
        Tensor y = layer.Forward(Tensor.FromArray(new[] { -3f }, 1));
        Assert.That(y.ToArray<float>()[0], Is.EqualTo(-3f * 0.1f));
    }

    [Test]
    public void Standardize_ConvertedTo_ConvertsItsBuffersAndRunsInFloat32()
    {
        var layer = new Standardize(Tensor.FromArray([0.1, -2.0], 2), Tensor.FromArray([3.0, 0.3], 2));
        Assert.That(layer.To(DType.Float32), Is.SameAs(layer));
        Assert.That(layer.Mean.DType, Is.EqualTo(DType.Float32));
        Assert.That(layer.OwnBuffers.Select(b => b.Value.DType), Is.All.EqualTo(DType.Float32));
        Assert.That(layer.DType, Is.EqualTo(DType.Float32));
        Tensor y = layer.Forward(Tensor.FromArray(new[] { 1f, 1f }, 1, 2));
        Assert.That(y.ToArray<float>(), Is.EqualTo(new[] { (1f - 0.1f) / 3f, (1f + 2f) / 0.3f }));
    }

    [Test]
    public void StandardizeFit_OnFloat32Features_GivesAFloat32LayerWithTheFloat64StatisticsRounded()
    {
        Tensor features = new RandomState(8).Randn(DType.Float32, 20, 3);
        Standardize layer = Standardize.Fit(features);
        Standardize reference = Standardize.Fit(features.To(DType.Float64));
        Assert.That(layer.DType, Is.EqualTo(DType.Float32));
        Assert.That(layer.Mean.ToArray(), Is.EqualTo(reference.Mean.To(DType.Float32).ToArray()));
        Assert.That(layer.Std.ToArray(), Is.EqualTo(reference.Std.To(DType.Float32).ToArray()));
    }

    [Test]
    public void Sequential_ConvertedTo_ProducesFloat32AndPredicts()
    {
        var model = new Sequential(new Linear(2, 4, new RandomState(1), Initializer.KaimingUniform()), new ReLU(), new Linear(4, 3, new RandomState(2), Initializer.KaimingUniform()));
        Tensor x = new RandomState(3).Randn(5, 2);
        int[] expected = model.Predict(x);
        model.To(DType.Float32);
        Assert.That(model.DType, Is.EqualTo(DType.Float32));
        Assert.That(model.Forward(x.To(DType.Float32)).DType, Is.EqualTo(DType.Float32));
        Assert.That(model.Predict(x.To(DType.Float32)), Is.EqualTo(expected));
    }

    // ---- bad input: a layer and its input (issue 10) ----

    [TestCase(DType.Float32, DType.Float64)]
    [TestCase(DType.Float64, DType.Float32)]
    public void Linear_InputOfAnotherType_ThrowsNamingTheLayerAndBothTypes(DType layerType, DType inputType)
    {
        Layer layer = new Linear(3, 2, new RandomState(1)).To(layerType);
        var ex = Assert.Throws<ArgumentException>(() => layer.Forward(new Tensor(inputType, 4, 3)));
        Assert.That(ex!.Message, Does.Contain("Linear.Forward").And.Contain(layerType.Name()).And.Contain(inputType.Name()));
        Assert.That(ex.ParamName, Is.EqualTo("input"));
    }

    [Test]
    public void Linear_OutputGradientOfAnotherType_ThrowsNamingBothTypes_AndKeepsNoGradient()
    {
        Layer layer = new Linear(3, 2, new RandomState(1)).To(DType.Float32);
        layer.Forward(new Tensor(DType.Float32, 4, 3));
        var ex = Assert.Throws<ArgumentException>(() => layer.Backward(new Tensor(DType.Float64, 4, 2)));
        Assert.That(ex!.Message, Does.Contain("Linear.Backward").And.Contain("float32").And.Contain("float64"));
        Assert.That(layer.Grads, Is.All.Null);
    }

    [Test]
    public void Standardize_InputOfAnotherType_ThrowsNamingTheLayerAndBothTypes()
    {
        Layer layer = new Standardize(Tensor.FromArray([0.0], 1), Tensor.FromArray([1.0], 1)).To(DType.Float32);
        var ex = Assert.Throws<ArgumentException>(() => layer.Forward(new Tensor(2, 1)));
        Assert.That(ex!.Message, Does.Contain("Standardize.Forward").And.Contain("float32").And.Contain("float64"));
    }

    [Test]
    public void Standardize_StatisticsOfTwoTypes_AreRefused()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Standardize(Tensor.FromArray([0.0], 1), Tensor.FromArray(new[] { 1f }, 1)));
        Assert.That(ex!.Message, Does.Contain("float64").And.Contain("float32"));
    }

    [Test]
    public void Sequential_Float32_FedFloat64_ThrowsNamingTheLinearLayerAndBothTypes()
    {
        Layer model = new Sequential(new ReLU(), new Linear(3, 2, new RandomState(1))).To(DType.Float32);
        var ex = Assert.Throws<ArgumentException>(() => model.Forward(new Tensor(4, 3)));
        Assert.That(ex!.Message, Does.Contain("Linear.Forward").And.Contain("float32").And.Contain("float64"));
    }

    [TestCaseSource(nameof(Activations))]
    public void Activation_OutputGradientOfAnotherType_ThrowsNamingTheLayerAndBothTypes(Layer layer)
    {
        layer.Forward(new Tensor(DType.Float32, 2, 3));
        var ex = Assert.Throws<ArgumentException>(() => layer.Backward(new Tensor(DType.Float64, 2, 3)));
        Assert.That(ex!.Message, Does.Contain(layer.GetType().Name + ".Backward").And.Contain("float32").And.Contain("float64"));
    }

    [Test]
    public void LossGradientInFloat32_FedToAFloat64Network_ThrowsNamingBothTypes()
    {
        var model = new Sequential(new Linear(3, 2, new RandomState(1)));
        model.Forward(new Tensor(4, 3));
        var loss = new SoftmaxCrossEntropyLoss();
        loss.Forward(new Tensor(DType.Float32, 4, 2), [0, 1, 0, 1]);
        Assert.That(loss.Backward().DType, Is.EqualTo(DType.Float32));
        var ex = Assert.Throws<ArgumentException>(() => model.Backward(loss.Backward()));
        Assert.That(ex!.Message, Does.Contain("float32").And.Contain("float64"));
    }

    private static IEnumerable<TestCaseData> Activations()
    {
        yield return new TestCaseData(new ReLU()).SetArgDisplayNames("ReLU");
        yield return new TestCaseData(new LeakyReLU()).SetArgDisplayNames("LeakyReLU");
        yield return new TestCaseData(new Sigmoid()).SetArgDisplayNames("Sigmoid");
        yield return new TestCaseData(new Tanh()).SetArgDisplayNames("Tanh");
    }
}
