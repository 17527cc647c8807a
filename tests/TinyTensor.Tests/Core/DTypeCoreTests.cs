namespace TinyTensor.Tests.Core;

/// <summary>The element-type core of issue 10: conversion, typed spans, defaults and rounding at the edges.</summary>
[TestFixture]
public sealed class DTypeCoreTests
{
    [Test]
    public void To_Float32AndBack_RoundsOnceToNearest_AndWidensExactly()
    {
        Tensor x = Tensor.FromArray([0.1, -2.5, 1e-50, 3.5e38, 1.0 + 1e-9], 5);

        Tensor narrow = x.To(DType.Float32);
        Tensor back = narrow.To(DType.Float64);

        Assert.That(narrow.DType, Is.EqualTo(DType.Float32));
        Assert.That(narrow.ToArray<float>(), Is.EqualTo(new[] { 0.1f, -2.5f, 0f, float.PositiveInfinity, 1f }));
        Assert.That(back.DType, Is.EqualTo(DType.Float64));
        Assert.That(back.ToArray(), Is.EqualTo(new[] { (double)0.1f, -2.5, 0.0, double.PositiveInfinity, 1.0 }));
        Assert.That(back.To(DType.Float32).ToArray<float>(), Is.EqualTo(narrow.ToArray<float>()), "float32 → float64 → float32 is the identity");
    }

    [Test]
    public void To_TheSameType_ReturnsTheTensorItself([Values] DType dtype)
    {
        Tensor x = Tensor.Ones(dtype, 2, 2);

        Assert.That(x.To(dtype), Is.SameAs(x));
    }

    [Test]
    public void To_AnUndefinedDType_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Ones(2).To((DType)7))!;

        Assert.That(e.ParamName, Is.EqualTo("dtype"));
        Assert.That(e.Message, Does.Contain("7").And.Contain("Float64").And.Contain("Float32"));
    }

    [Test]
    public void AsSpan_OfAFloat32Tensor_ThrowsNamingTheType()
    {
        Tensor x = Tensor.Ones(DType.Float32, 3);

        var e = Assert.Throws<InvalidOperationException>(() => x.AsSpan())!;
        Assert.Throws<InvalidOperationException>(() => x.AsReadOnlySpan());

        Assert.That(e.Message, Does.Contain("float32").And.Contain("AsSpan<float>"));
    }

    [Test]
    public void AsSpanOfFloat_OfAFloat64Tensor_ThrowsNamingTheType()
    {
        Tensor x = Tensor.Ones(3);

        var e = Assert.Throws<InvalidOperationException>(() => x.AsSpan<float>())!;
        Assert.Throws<InvalidOperationException>(() => x.AsReadOnlySpan<float>());
        Assert.Throws<InvalidOperationException>(() => Tensor.Ones(DType.Float32, 3).AsSpan<double>());

        Assert.That(e.Message, Does.Contain("float64").And.Contain("double"));
    }

    [Test]
    public void AsSpanOfT_OfTheRightType_IsTheElementsInPlace()
    {
        Tensor x = Tensor.Zeros(DType.Float32, 2, 2);

        x.AsSpan<float>()[3] = 1.5f;

        Assert.That(x[1, 1], Is.EqualTo(1.5));
    }

    [Test]
    public void FromArray_OfIntegerLiterals_IsFloat64() =>
        Assert.That(Tensor.FromArray([1, 2, 3], 3).DType, Is.EqualTo(DType.Float64));

    [Test]
    public void FromArray_OfFloats_IsFloat32() =>
        Assert.That(Tensor.FromArray(new float[] { 1, 2, 3 }, 3).DType, Is.EqualTo(DType.Float32));

    [Test]
    public void Indexers_OnFloat32_RoundWritesToNearest_AndWidenReadsExactly()
    {
        var x = new Tensor(DType.Float32, 2, 2);
        var v = new Tensor(DType.Float32, 3);
        var r = new Tensor(DType.Float32, 1, 1, 1);

        x[0, 1] = 0.1;
        v[2] = 1.0 + 1e-12;
        r[0, 0, 0] = -1e-50;
        x.Fill(0.1);

        Assert.That(x[0, 1], Is.EqualTo((double)0.1f).And.Not.EqualTo(0.1));
        Assert.That(v[2], Is.EqualTo(1.0));
        Assert.That(r[0, 0, 0], Is.EqualTo(0.0));
        Assert.That(double.IsNegative(r[0, 0, 0]), Is.True, "−1e-50 rounds to −0 in float32");
        Assert.That(x.ToArray(), Is.All.EqualTo((double)0.1f));
    }

    [Test]
    public void CloneAndCopyFrom_KeepTheType_AndCopyFromOfAnotherTypeThrows()
    {
        Tensor x = Tensor.Full(0.5, DType.Float32, 2, 3);
        Tensor clone = x.Clone();
        var target = new Tensor(2, 3);

        var e = Assert.Throws<ArgumentException>(() => target.CopyFrom(x))!;

        Assert.That(clone.DType, Is.EqualTo(DType.Float32));
        Assert.That(clone.ToArray<float>(), Is.All.EqualTo(0.5f));
        Assert.That(e.Message, Does.Contain("float64").And.Contain("float32"));
    }
}
