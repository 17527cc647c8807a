namespace TinyTensor.Tests.Core;

/// <summary>The Tensor type: storage, shape, copies and indexing.</summary>
[TestFixture]
public sealed class TensorTests
{
    [Test]
    public void NewTensor_IsZeroFilled_WithTheGivenShape()
    {
        var t = new Tensor(2, 3, 4);

        Assert.That(t.Shape, Is.EqualTo(new[] { 2, 3, 4 }));
        Assert.That(t.Rank, Is.EqualTo(3));
        Assert.That(t.Length, Is.EqualTo(24));
        Assert.That(t.ToArray(), Is.All.EqualTo(0.0));
    }

    [Test]
    public void FromArray_CopiesItsInput()
    {
        double[] data = [1, 2, 3, 4, 5, 6];

        Tensor t = Tensor.FromArray(data, 2, 3);
        data[0] = 100;

        Assert.That(t[0, 0], Is.EqualTo(1.0));
    }

    [Test]
    public void ToArray_ReturnsARowMajorCopy()
    {
        Tensor t = Tensor.FromArray([1, 2, 3, 4, 5, 6], 2, 3);

        double[] copy = t.ToArray();
        copy[0] = 100;

        Assert.That(t.ToArray(), Is.EqualTo(new double[] { 1, 2, 3, 4, 5, 6 }));
        Assert.That(t[1, 0], Is.EqualTo(4.0));
    }

    [Test]
    public void Shape_IsACopy()
    {
        var t = new Tensor(2, 3);

        t.Shape[0] = 7;

        Assert.That(t.Shape, Is.EqualTo(new[] { 2, 3 }));
    }

    [Test]
    public void Indexers_AddressRowMajorStorage()
    {
        var t = new Tensor(2, 3, 4);

        t[1, 2, 3] = 42;

        Assert.That(t.AsReadOnlySpan()[(1 * 12) + (2 * 4) + 3], Is.EqualTo(42.0));
        Assert.That(t[1, 2, 3], Is.EqualTo(42.0));
    }

    [Test]
    public void FromRectangularArray_KeepsRowsAndColumns()
    {
        Tensor t = Tensor.FromArray(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });

        Assert.That(t.Shape, Is.EqualTo(new[] { 2, 3 }));
        Assert.That(t[1, 2], Is.EqualTo(6.0));
    }

    [Test]
    public void Clone_HasItsOwnStorage()
    {
        Tensor t = Tensor.FromArray([1, 2], 2);

        Tensor clone = t.Clone();
        clone[0] = 9;

        Assert.That(t[0], Is.EqualTo(1.0));
    }

    [Test]
    public void ShapeText_PrintsLikeNumPy()
    {
        Assert.That(new Tensor(10).ShapeText, Is.EqualTo("(10,)"));
        Assert.That(new Tensor(4, 10).ShapeText, Is.EqualTo("(4, 10)"));
    }
}
