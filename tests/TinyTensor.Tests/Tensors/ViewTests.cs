namespace TinyTensor.Tests.Tensors;

/// <summary>Views share storage with their base: Reshape, Flatten, Slice, the range indexer, Squeeze, Unsqueeze.</summary>
[TestFixture]
public sealed class ViewTests
{
    [Test]
    public void Reshape_IsAView_WritesGoThrough()
    {
        Tensor a = Tensor.Arange(0, 6);

        Tensor m = a.Reshape(2, 3);
        m[1, 2] = 42;

        Assert.That(m.Shape, Is.EqualTo(new[] { 2, 3 }));
        Assert.That(a[5], Is.EqualTo(42.0));
        Assert.That(m.IsView, Is.True);
        Assert.That(a.IsView, Is.False);
    }

    [Test]
    public void Reshape_InfersOneMinusOne()
    {
        Tensor a = new(4, 6);

        Assert.That(a.Reshape(-1, 3).Shape, Is.EqualTo(new[] { 8, 3 }));
        Assert.That(a.Reshape(2, -1, 2).Shape, Is.EqualTo(new[] { 2, 6, 2 }));
        Assert.That(new Tensor(0, 3).Reshape(-1, 3).Shape, Is.EqualTo(new[] { 0, 3 }));
    }

    [Test]
    public void Flatten_IsA1DViewOfAllElements()
    {
        Tensor a = Tensor.Arange(0, 6).Reshape(2, 3);

        Tensor flat = a.Flatten();
        flat[4] = -1;

        Assert.That(flat.Shape, Is.EqualTo(new[] { 6 }));
        Assert.That(a[1, 1], Is.EqualTo(-1.0));
    }

    [Test]
    public void Slice_IsAViewOfRows_AndItsSpanIsExactlyItsElements()
    {
        Tensor a = Tensor.Arange(0, 12).Reshape(4, 3);

        Tensor rows = a.Slice(1, 3);
        rows[0, 0] = 100;

        Assert.That(rows.Shape, Is.EqualTo(new[] { 2, 3 }));
        Assert.That(rows.IsView, Is.True);
        Assert.That(rows.AsSpan().ToArray(), Is.EqualTo(new double[] { 100, 4, 5, 6, 7, 8 }));
        Assert.That(a[1, 0], Is.EqualTo(100.0));
    }

    [Test]
    public void RangeIndexer_SlicesRows_IncludingFromTheEnd()
    {
        Tensor a = Tensor.Arange(0, 10);

        Assert.That(a[2..5].ToArray(), Is.EqualTo(new double[] { 2, 3, 4 }));
        Assert.That(a[^3..].ToArray(), Is.EqualTo(new double[] { 7, 8, 9 }));
        Assert.That(a[5..5].Length, Is.Zero);
    }

    [Test]
    public void ViewsOfViews_KeepTheirOffsets()
    {
        Tensor a = Tensor.Arange(0, 24).Reshape(4, 6);

        Tensor inner = a[1..3].Reshape(4, 3)[1..3].Flatten();
        inner.Fill(-5);

        Assert.That(inner.Length, Is.EqualTo(6));
        Assert.That(a.ToArray()[9..15], Is.All.EqualTo(-5.0));
        Assert.That(a[1, 2], Is.EqualTo(8.0));
        Assert.That(a[2, 3], Is.EqualTo(15.0));
    }

    [Test]
    public void SqueezeAndUnsqueeze_AreViews()
    {
        Tensor a = Tensor.Arange(0, 3);

        Tensor column = a.Unsqueeze(1);
        Tensor row = a.Unsqueeze(0);
        Tensor back = column.Squeeze(-1);
        back[0] = 9;

        Assert.That(column.Shape, Is.EqualTo(new[] { 3, 1 }));
        Assert.That(row.Shape, Is.EqualTo(new[] { 1, 3 }));
        Assert.That(a.Unsqueeze(-1).Shape, Is.EqualTo(new[] { 3, 1 }));
        Assert.That(a[0], Is.EqualTo(9.0));
    }

    [Test]
    public void OpsOnViews_UseOnlyTheViewsElements()
    {
        Tensor a = Tensor.Arange(0, 12).Reshape(4, 3);

        Tensor sum = a[1..3] + a[2..4];

        Assert.That(sum.ToArray(), Is.EqualTo(new double[] { 9, 11, 13, 15, 17, 19 }));
    }

    [Test]
    public void Clone_OfAView_OwnsOnlyItsElements()
    {
        Tensor a = Tensor.Arange(0, 6);

        Tensor copy = a[2..4].Clone();
        copy[0] = -1;

        Assert.That(copy.IsView, Is.False);
        Assert.That(a[2], Is.EqualTo(2.0));
    }

    [Test]
    public void ZeroLengthDimensions_AreAllowed()
    {
        var empty = new Tensor(0, 3);

        Assert.That(empty.Length, Is.Zero);
        Assert.That(empty.Shape, Is.EqualTo(new[] { 0, 3 }));
        Assert.That((empty + Tensor.Ones(3)).Shape, Is.EqualTo(new[] { 0, 3 }));
        Assert.That(Tensor.MatMul(empty, new Tensor(3, 2)).Shape, Is.EqualTo(new[] { 0, 2 }));
    }

    [Test]
    public void MatMul_IntoAViewOfItsOperand_IsRejected()
    {
        Tensor a = Tensor.Ones(4, 4);
        Tensor b = Tensor.Ones(4, 4);

        Assert.That(() => Tensor.MatMul(a[..2], b, a[2..4]), Throws.Nothing, "disjoint rows of one storage");
        Assert.That(a[3, 3], Is.EqualTo(4.0));
        Assert.That(() => Tensor.MatMul(a[..2], a, a[1..3]), Throws.ArgumentException.With.Message.Contains("share memory"));
    }
}
