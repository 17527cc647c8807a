using TinyTensor.Init;
using TinyTensor.Layers;
using TinyTensor.Tests.Support;

namespace TinyTensor.Tests.Init;

/// <summary>Initialisers: the default stays the framework's rand·1e-4 bit for bit; Xavier and Kaiming have the
/// documented bounds, means and variances over a large draw; gains as PyTorch's calculate_gain.</summary>
[TestFixture]
public sealed class InitializerTests
{
    private const int In = 400;
    private const int Out = 300;

    [Test]
    public void Default_IsBitIdenticalToTheOriginalConstructor_AndToTheNotebook()
    {
        var original = new RandomState(0);
        var withDefault = new RandomState(0);
        var a1 = new Linear(4, 10, original);
        var a2 = new Linear(10, 3, original);
        var b1 = new Linear(4, 10, withDefault, Initializer.Default);
        var b2 = new Linear(10, 3, withDefault, Initializer.Default);
        AssertTensor.BitwiseEqual(b1.Weight.AsReadOnlySpan(), a1.Weight.AsReadOnlySpan(), "W1");
        AssertTensor.BitwiseEqual(b1.Bias.AsReadOnlySpan(), a1.Bias.AsReadOnlySpan(), "b1");
        AssertTensor.BitwiseEqual(b2.Weight.AsReadOnlySpan(), a2.Weight.AsReadOnlySpan(), "W2");
        AssertTensor.BitwiseEqual(b2.Bias.AsReadOnlySpan(), a2.Bias.AsReadOnlySpan(), "b2");
        Assert.That(withDefault.NextUInt32(), Is.EqualTo(original.NextUInt32()), "both consumed the same draws");

        // And both are still the notebook's NumPy parameters.
        NotebookReferenceData reference = NotebookReferenceData.Load();
        AssertTensor.BitwiseEqual(b1.Weight.AsReadOnlySpan(), reference.Flat("init_params", 0), "notebook W1");
        AssertTensor.BitwiseEqual(b2.Bias.AsReadOnlySpan(), reference.Flat("init_params", 3), "notebook b2");
    }

    [Test]
    public void XavierUniform_StaysWithinItsBound_WithTheUniformVariance()
    {
        double bound = Math.Sqrt(6.0 / (In + Out));
        Linear layer = Draw(Initializer.XavierUniform());
        AssertStatistics(layer.Weight, variance: bound * bound / 3, bound);
        Assert.That(layer.Weight.ToArray().Max(), Is.GreaterThan(0.99 * bound), "the draws reach the bound");
        Assert.That(layer.Bias.ToArray(), Is.All.EqualTo(0.0));
    }

    [Test]
    public void XavierNormal_HasTheGlorotVariance_TimesTheGainSquared()
    {
        double gain = Initializer.CalculateGain(Nonlinearity.Tanh);
        Linear layer = Draw(Initializer.XavierNormal(gain));
        AssertStatistics(layer.Weight, variance: gain * gain * 2.0 / (In + Out), bound: double.PositiveInfinity);
        Assert.That(layer.Bias.ToArray(), Is.All.EqualTo(0.0));
    }

    [Test]
    public void KaimingUniform_ForReLU_HasBoundSqrt6OverFanIn()
    {
        double bound = Math.Sqrt(6.0 / In);
        Linear layer = Draw(Initializer.KaimingUniform());
        AssertStatistics(layer.Weight, variance: 2.0 / In, bound);
        Assert.That(layer.Bias.ToArray(), Is.All.EqualTo(0.0));
    }

    [Test]
    public void KaimingNormal_UsesTheGainOfItsNonlinearity_OverFanIn()
    {
        Linear relu = Draw(Initializer.KaimingNormal());
        AssertStatistics(relu.Weight, variance: 2.0 / In, bound: double.PositiveInfinity);
        Linear linear = Draw(Initializer.KaimingNormal(Nonlinearity.Linear));
        AssertStatistics(linear.Weight, variance: 1.0 / In, bound: double.PositiveInfinity);
        Linear leaky = Draw(Initializer.KaimingNormal(Nonlinearity.LeakyReLU, 0.2));
        AssertStatistics(leaky.Weight, variance: 2.0 / (1 + 0.04) / In, bound: double.PositiveInfinity);
    }

    [Test]
    public void Schemes_DrawTheWeightsInRowMajorOrder_AsNumPyUniformAndNormal()
    {
        var rng = new RandomState(42);
        var layer = new Linear(3, 5, rng, Initializer.XavierUniform());
        double a = Math.Sqrt(3.0) * Math.Sqrt(2.0 / 8);
        AssertTensor.BitwiseEqual(layer.Weight.AsReadOnlySpan(), new RandomState(42).Uniform(-a, a, 3, 5).AsReadOnlySpan(), "xavier uniform");

        var normal = new Linear(3, 5, new RandomState(42), Initializer.KaimingNormal());
        double std = Math.Sqrt(2.0) / Math.Sqrt(3);
        AssertTensor.BitwiseEqual(normal.Weight.AsReadOnlySpan(), new RandomState(42).Normal(0, std, 3, 5).AsReadOnlySpan(), "kaiming normal");
    }

    [Test]
    public void CalculateGain_FollowsPyTorch()
    {
        Assert.That(Initializer.CalculateGain(Nonlinearity.Linear), Is.EqualTo(1.0));
        Assert.That(Initializer.CalculateGain(Nonlinearity.Sigmoid), Is.EqualTo(1.0));
        Assert.That(Initializer.CalculateGain(Nonlinearity.Tanh), Is.EqualTo(5.0 / 3));
        Assert.That(Initializer.CalculateGain(Nonlinearity.ReLU), Is.EqualTo(Math.Sqrt(2)));
        Assert.That(Initializer.CalculateGain(Nonlinearity.LeakyReLU), Is.EqualTo(Math.Sqrt(2 / (1 + 0.0001))));
        Assert.That(Initializer.CalculateGain(Nonlinearity.LeakyReLU, 0.2), Is.EqualTo(Math.Sqrt(2 / 1.04)));
    }

    [Test]
    public void BadArguments_AreRejected_WithTheValue()
    {
        Assert.That(() => Initializer.XavierUniform(-1), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("-1"));
        Assert.That(() => Initializer.XavierNormal(double.NaN), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => Initializer.KaimingUniform((Nonlinearity)99), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => new Linear(0, 3, new RandomState(0), Initializer.Default), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => Initializer.Default.Initialize(new Tensor(2, 3), new Tensor(2), new RandomState(0)),
            Throws.ArgumentException.With.Message.Contains("(2, 3) and (2,)"));
    }

    [Test]
    public void FromParameters_CopiesValidTensors_AndRejectsMismatchedOnes()
    {
        Tensor w = Tensor.FromArray([1.0, 2, 3, 4, 5, 6], 2, 3);
        Tensor b = Tensor.FromArray([7.0, 8, 9], 3);
        var layer = Linear.FromParameters(w, b);
        w.Fill(0);
        Assert.That(layer.Weight.ToArray(), Is.EqualTo(new[] { 1.0, 2, 3, 4, 5, 6 }));
        Assert.That((layer.InputDims, layer.OutputDims), Is.EqualTo((2, 3)));
        Assert.That(layer.Forward(Tensor.FromArray([1.0, 1.0], 1, 2)).ToArray(), Is.EqualTo(new[] { 12.0, 15, 18 }));

        Assert.That(() => Linear.FromParameters(w, new Tensor(2)),
            Throws.ArgumentException.With.Message.Contains("b must be (3,), got (2,)"));
        Assert.That(() => Linear.FromParameters(new Tensor(6), b),
            Throws.ArgumentException.With.Message.Contains("W must be (in, out), got shape (6,)"));
    }

    private static Linear Draw(Initializer initializer) => new(In, Out, new RandomState(1234), initializer);

    /// <summary>Mean within 5 standard errors of 0, variance within 3 %, every value within the bound.</summary>
    private static void AssertStatistics(Tensor weight, double variance, double bound)
    {
        double[] w = weight.ToArray();
        double mean = w.Average();
        double sampleVariance = w.Sum(v => (v - mean) * (v - mean)) / (w.Length - 1);
        Assert.That(Math.Abs(mean), Is.LessThan(5 * Math.Sqrt(variance / w.Length)), "mean");
        Assert.That(sampleVariance, Is.EqualTo(variance).Within(3).Percent, "variance");
        Assert.That(w.Max(Math.Abs), Is.LessThanOrEqualTo(bound), "bound");
    }
}
