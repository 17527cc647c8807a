namespace TinyTensor.Tests.Tensors;

/// <summary>Copying shape operations (Transpose, Take, Concatenate, Stack) and the factories, against NumPy's results.</summary>
[TestFixture]
public sealed class ShapeTests
{
    [Test]
    public void T_IsTheTransposedCopy()
    {
        Tensor a = Tensor.Arange(0, 6).Reshape(2, 3);

        Tensor t = a.T;
        t[0, 0] = 99;

        Assert.That(t.Shape, Is.EqualTo(new[] { 3, 2 }));
        Assert.That(t.ToArray(), Is.EqualTo(new double[] { 99, 3, 1, 4, 2, 5 }));
        Assert.That(a[0, 0], Is.EqualTo(0.0), "a copy");
    }

    [Test]
    public void TransposeWithAxes_PermutesAs_NumPy()
    {
        // np.arange(24.).reshape(2, 3, 4).transpose(2, 0, 1)[1, 1, 2] == 21, [3, 0, 1] == 7
        Tensor a = Tensor.Arange(0, 24).Reshape(2, 3, 4);

        Tensor p = a.Transpose(2, 0, 1);

        Assert.That(p.Shape, Is.EqualTo(new[] { 4, 2, 3 }));
        Assert.That(p[1, 1, 2], Is.EqualTo(21.0));
        Assert.That(p[3, 0, 1], Is.EqualTo(7.0));
        Assert.That(a.Transpose(-1, 0, 1).ToArray(), Is.EqualTo(p.ToArray()));
    }

    [Test]
    public void Take_CopiesRowsInOrder_WithRepeats()
    {
        Tensor a = Tensor.Arange(0, 10).Reshape(5, 2);

        Tensor taken = a.Take([4, 0, 4, -1]);

        Assert.That(taken.ToArray(), Is.EqualTo(new double[] { 8, 9, 0, 1, 8, 9, 8, 9 }));
    }

    [Test]
    public void Concatenate_JoinsAlongTheAxis()
    {
        Tensor a = Tensor.Arange(0, 4).Reshape(2, 2);
        Tensor b = Tensor.Arange(10, 16).Reshape(2, 3);

        Tensor c = Tensor.Concatenate([a, b], axis: 1);
        Tensor rows = Tensor.Concatenate([a, a[..1]]);

        Assert.That(c.ToArray(), Is.EqualTo(new double[] { 0, 1, 10, 11, 12, 2, 3, 13, 14, 15 }));
        Assert.That(rows.Shape, Is.EqualTo(new[] { 3, 2 }));
        Assert.That(rows.ToArray(), Is.EqualTo(new double[] { 0, 1, 2, 3, 0, 1 }));
    }

    [Test]
    public void Stack_AddsANewAxis()
    {
        Tensor a = Tensor.Arange(0, 3);
        Tensor b = Tensor.Arange(3, 6);

        Assert.That(Tensor.Stack([a, b]).Shape, Is.EqualTo(new[] { 2, 3 }));
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
    public void Arange_WithAFractionalStep_GivesNumPysValues()
    {
        // np.arange(0.1, 1.0, 0.3) -> 0.1, 0.4, 0.7000000000000001 (start + i·((start + step) − start))
        double[] values = Tensor.Arange(0.1, 1.0, 0.3).ToArray();

        Assert.That(values, Is.EqualTo(new[] { 0.1, 0.4, 0.7000000000000001 }));
    }
}
