namespace TinyTensor.Tests.Tensors;

/// <summary>The README's "Tensor operations" example compiles and does what its comments say.</summary>
[TestFixture]
public sealed class ReadmeExampleTests
{
    [Test]
    public void TheReadmeExample_RunsAsDescribed()
    {
        var a = Tensor.Arange(0, 6).Reshape(2, 3);
        var b = new RandomState(0).Randn(3);
        Tensor c = 10 * a + b;
        Tensor.Multiply(a, a.Sum(1, keepDims: true), a);
        double total = c.Sum();
        Tensor means = c.Mean(axis: 0);
        int[] best = c.ArgMax(1);
        Tensor rows = c[1..], picked = c.Take([1, 0, 1]), t = c.T, joined = Tensor.Concatenate([c, c], axis: 1);

        Assert.That(c.Shape, Is.EqualTo(new[] { 2, 3 }));
        Assert.That(a.ToArray(), Is.EqualTo(new double[] { 0, 3, 6, 36, 48, 60 }), "a *= its row sums, in place");
        Assert.That(total, Is.EqualTo(c.ToArray().Sum()).Within(1e-12));
        Assert.That(means.Shape, Is.EqualTo(new[] { 3 }));
        Assert.That(best, Has.Length.EqualTo(2));
        Assert.That(rows.IsView, Is.True);
        Assert.That(picked.Shape, Is.EqualTo(new[] { 3, 3 }));
        Assert.That(t.Shape, Is.EqualTo(new[] { 3, 2 }));
        Assert.That(joined.Shape, Is.EqualTo(new[] { 2, 6 }));
        Assert.That(c.ToString(), Does.StartWith("[[ "));
    }
}
