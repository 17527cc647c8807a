namespace TinyTensor.Tests.Tensors;

/// <summary>Copying shape operations (Transpose, Take, Concatenate, Stack) and the factories, against NumPy's results, in
/// both element types (a copy keeps the type).</summary>
[TestFixture]
public sealed class ShapeTests
{
    [Test]
    public void T_IsTheTransposedCopy([Values] DType dtype)
    {
        Tensor a = Tensor.Arange(0, 6, 1, dtype).Reshape(2, 3);

        Tensor t = a.T;
        Assert.That(t.DType, Is.EqualTo(dtype));
        t[0, 0] = 99;

        Assert.That(t.Shape, Is.EqualTo(new[] { 3, 2 }));
        Assert.That(t.ToArray(), Is.EqualTo(new double[] { 99, 3, 1, 4, 2, 5 }));
        Assert.That(a[0, 0], Is.EqualTo(0.0), "a copy");
    }

    [Test]
    public void TransposeWithAxes_PermutesAs_NumPy([Values] DType dtype)
    {
        // np.arange(24.).reshape(2, 3, 4).transpose(2, 0, 1)[1, 1, 2] == 21, [3, 0, 1] == 7
        Tensor a = Tensor.Arange(0, 24, 1, dtype).Reshape(2, 3, 4);

        Tensor p = a.Transpose(2, 0, 1);
        Assert.That(p.DType, Is.EqualTo(dtype));

        Assert.That(p.Shape, Is.EqualTo(new[] { 4, 2, 3 }));
        Assert.That(p[1, 1, 2], Is.EqualTo(21.0));
        Assert.That(p[3, 0, 1], Is.EqualTo(7.0));
        Assert.That(a.Transpose(-1, 0, 1).ToArray(), Is.EqualTo(p.ToArray()));
    }

    [Test]
    public void Take_CopiesRowsInOrder_WithRepeats([Values] DType dtype)
    {
        Tensor a = Tensor.Arange(0, 10, 1, dtype).Reshape(5, 2);

        Tensor taken = a.Take([4, 0, 4, -1]);
        Assert.That(taken.DType, Is.EqualTo(dtype));

        Assert.That(taken.ToArray(), Is.EqualTo(new double[] { 8, 9, 0, 1, 8, 9, 8, 9 }));
    }

    [Test]
    public void Concatenate_JoinsAlongTheAxis([Values] DType dtype)
    {
        Tensor a = Tensor.Arange(0, 4, 1, dtype).Reshape(2, 2);
        Tensor b = Tensor.Arange(10, 16, 1, dtype).Reshape(2, 3);

        Tensor c = Tensor.Concatenate([a, b], axis: 1);
        Tensor rows = Tensor.Concatenate([a, a[..1]]);
        Assert.That(c.DType, Is.EqualTo(dtype));
        Assert.That(rows.DType, Is.EqualTo(dtype));

        Assert.That(c.ToArray(), Is.EqualTo(new double[] { 0, 1, 10, 11, 12, 2, 3, 13, 14, 15 }));
        Assert.That(rows.Shape, Is.EqualTo(new[] { 3, 2 }));
        Assert.That(rows.ToArray(), Is.EqualTo(new double[] { 0, 1, 2, 3, 0, 1 }));
    }

    [Test]
    public void Stack_AddsANewAxis([Values] DType dtype)
    {
        Tensor a = Tensor.Arange(0, 3, 1, dtype);
        Tensor b = Tensor.Arange(3, 6, 1, dtype);

        Assert.That(Tensor.Stack([a, b]).Shape, Is.EqualTo(new[] { 2, 3 }));
        Assert.That(Tensor.Stack([a, b]).DType, Is.EqualTo(dtype));
        Assert.That(Tensor.Stack([a, b], axis: 1).ToArray(), Is.EqualTo(new double[] { 0, 3, 1, 4, 2, 5 }));
        Assert.That(Tensor.Stack([a, b], axis: -1).Shape, Is.EqualTo(new[] { 3, 2 }));
    }

    [Test]
    public void Factories_MatchNumPy()
    {
        Assert.That(Tensor.Zeros(2, 2).ToArray(), Is.All.EqualTo(0.0));
        Assert.That(Tensor.Ones(3).ToArray(), Is.All.EqualTo(1.0));
        Assert.That(Tensor.Full(2.5, 2, 3).ToArray(), Is.All.EqualTo(2.5));
        Assert.That(Tensor.Eye(3).ToArray(), Is.EqualTo(new double[] { 1, 0, 0, 0, 1, 0, 0, 0, 1 }));
        Assert.That(Tensor.Arange(0, 5).ToArray(), Is.EqualTo(new double[] { 0, 1, 2, 3, 4 }));
        Assert.That(Tensor.Arange(5, 0, -2).ToArray(), Is.EqualTo(new double[] { 5, 3, 1 }));
        Assert.That(Tensor.Arange(3, 1).Length, Is.Zero);
    }

    [Test]
    public void Factories_InFloat32_MatchNumPyWithFloat32DType()
    {
        Assert.That(Tensor.Zeros(DType.Float32, 2, 2).ToArray<float>(), Is.All.EqualTo(0f));
        Assert.That(Tensor.Ones(DType.Float32, 3).ToArray<float>(), Is.All.EqualTo(1f));
        Assert.That(Tensor.Full(0.1, DType.Float32, 2, 3).ToArray<float>(), Is.All.EqualTo(0.1f), "np.full((2, 3), 0.1, np.float32)");
        Assert.That(Tensor.Eye(3, DType.Float32).ToArray<float>(), Is.EqualTo(new float[] { 1, 0, 0, 0, 1, 0, 0, 0, 1 }));
        Assert.That(Tensor.Arange(5, 0, -2, DType.Float32).ToArray<float>(), Is.EqualTo(new float[] { 5, 3, 1 }));
        Assert.That(Tensor.Eye(0, DType.Float32).Shape, Is.EqualTo(new[] { 0, 0 }));
    }

    [Test]
    public void Factories_WithoutADType_AreFloat64_AndAZeroLiteralIsADimension()
    {
        Assert.That(Tensor.Zeros(2).DType, Is.EqualTo(DType.Float64));
        Assert.That(Tensor.Ones(2).DType, Is.EqualTo(DType.Float64));
        Assert.That(Tensor.Full(1.5, 2).DType, Is.EqualTo(DType.Float64));
        Assert.That(Tensor.Arange(0, 3).DType, Is.EqualTo(DType.Float64));
        Assert.That(Tensor.Eye(2).DType, Is.EqualTo(DType.Float64));

        // A literal 0 converts to an enum too, but the int overload is the better match: a (0, 3) float64 tensor.
        Tensor zeros = Tensor.Zeros(0, 3);
        Assert.That(zeros.DType, Is.EqualTo(DType.Float64));
        Assert.That(zeros.Shape, Is.EqualTo(new[] { 0, 3 }));
        Assert.That(Tensor.Full(2.0, 0, 3).Shape, Is.EqualTo(new[] { 0, 3 }));
    }

    [Test]
    public void Factories_OfAnUndefinedDType_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Zeros((DType)7, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Ones((DType)7, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Full(1.0, (DType)7, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Eye(2, (DType)7));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Arange(0, 3, 1, (DType)7))!.ParamName, Is.EqualTo("dtype"));
    }

    [Test]
    public void Views_KeepTheElementType([Values] DType dtype)
    {
        Tensor a = Tensor.Arange(0, 12, 1, dtype).Reshape(3, 4);

        Assert.That(a.DType, Is.EqualTo(dtype));
        Assert.That(a.Flatten().DType, Is.EqualTo(dtype));
        Assert.That(a.Slice(1, 2).DType, Is.EqualTo(dtype));
        Assert.That(a[1..].DType, Is.EqualTo(dtype));
        Assert.That(a.Unsqueeze(0).DType, Is.EqualTo(dtype));
        Assert.That(a.Unsqueeze(0).Squeeze(0).DType, Is.EqualTo(dtype));
        a.Reshape(4, 3)[3, 2] = 42.5;
        Assert.That(a[2, 3], Is.EqualTo(42.5), "a view shares its base's storage");
    }

    [Test]
    public void ConcatenateAndStack_OfMixedTypes_ThrowNamingThePartAndBothTypes()
    {
        Tensor a = Tensor.Ones(2, 3);
        Tensor b = Tensor.Ones(DType.Float32, 2, 3);

        var concatenate = Assert.Throws<ArgumentException>(() => Tensor.Concatenate([a, a, b]))!;
        var stack = Assert.Throws<ArgumentException>(() => Tensor.Stack([b, a]))!;

        Assert.That(concatenate.Message, Does.Contain("Concatenate").And.Contain("part 0 is float64").And.Contain("part 2 is float32"));
        Assert.That(stack.Message, Does.Contain("Stack").And.Contain("part 0 is float32").And.Contain("part 1 is float64"));
    }

    [Test]
    public void Arange_WithAFractionalStep_GivesNumPysValues()
    {
        // np.arange(0.1, 1.0, 0.3) -> 0.1, 0.4, 0.7000000000000001 (start + i·((start + step) − start))
        double[] values = Tensor.Arange(0.1, 1.0, 0.3).ToArray();

        Assert.That(values, Is.EqualTo(new[] { 0.1, 0.4, 0.7000000000000001 }));
    }
}
