using System.Text.Json;
using TinyTensor.Layers;
using TinyTensor.Tests.Support;

namespace TinyTensor.Tests.Layers.Conv;

/// <summary>MaxPool2d and AvgPool2d forward and backward against PyTorch float64 on even and odd sizes, overlapping
/// windows, and rounded inputs full of ties (PyTorch routes the gradient to the first maximum).</summary>
[TestFixture]
public sealed class PoolingReferenceTests
{
    private static IEnumerable<int> Cases => ConvReference.Indices("pool2d");

    [TestCaseSource(nameof(Cases))]
    public void ForwardAndInputGradient_MatchPyTorch(int index)
    {
        JsonElement c = ConvReference.Section("pool2d")[index];
        int k = c.GetProperty("k").GetInt32();
        int? stride = c.GetProperty("stride").ValueKind == JsonValueKind.Null ? null : c.GetProperty("stride").GetInt32();
        Layer pool = c.GetProperty("kind").GetString() == "max" ? new MaxPool2d(k, stride) : new AvgPool2d(k, stride);

        Tensor y = pool.Forward(ConvReference.Input(c.GetProperty("x")));
        Assert.That(y.Shape, Is.EqualTo(ConvReference.Shape(c.GetProperty("y_shape"))));
        ConvReference.AssertClose(y, c.GetProperty("y"), "y");

        Tensor dx = pool.Backward(ConvReference.Input(c.GetProperty("dy")));
        ConvReference.AssertClose(dx, c.GetProperty("dx"), "dx");
    }

    [Test]
    public void MaxPool2d_RoutesTheGradientToTheFirstOfTiedMaxima()
    {
        var pool = new MaxPool2d(2);
        Tensor x = Tensor.FromArray([1, 3, 3, 0], 1, 1, 2, 2);

        pool.Forward(x);
        Tensor dx = pool.Backward(Tensor.FromArray([5.0], 1, 1, 1, 1));

        Assert.That(dx.ToArray(), Is.EqualTo(new double[] { 0, 5, 0, 0 }));
    }
}
