using System.Text.Json;
using TinyTensor.Layers;
using TinyTensor.Tests.Support;

namespace TinyTensor.Tests.Layers.Conv;

/// <summary>Conv2d's forward pass and its three gradients against PyTorch float64 (conv-layers.json).</summary>
[TestFixture]
public sealed class Conv2dReferenceTests
{
    private static IEnumerable<int> Cases => ConvReference.Indices("conv2d");

    [TestCaseSource(nameof(Cases))]
    public void ForwardAndGradients_MatchPyTorch(int index)
    {
        JsonElement c = ConvReference.Section("conv2d")[index];
        var conv = Conv2d.FromParameters(ConvReference.Input(c.GetProperty("weight")), ConvReference.Input(c.GetProperty("bias")),
            c.GetProperty("stride").GetInt32(), c.GetProperty("padding").GetInt32());
        Tensor x = ConvReference.Input(c.GetProperty("x"));

        Tensor y = conv.Forward(x);
        Assert.That(y.Shape, Is.EqualTo(ConvReference.Shape(c.GetProperty("y_shape"))));
        ConvReference.AssertClose(y, c.GetProperty("y"), "y");

        Tensor dx = conv.Backward(ConvReference.Input(c.GetProperty("dy")));
        ConvReference.AssertClose(dx, c.GetProperty("dx"), "dx");
        ConvReference.AssertClose(conv.Grads[0]!, c.GetProperty("dweight"), "dW");
        ConvReference.AssertClose(conv.Grads[1]!, c.GetProperty("dbias"), "db");
    }

    [TestCaseSource(nameof(Cases))]
    public void BackwardParameters_GivesTheSameParameterGradientsAsBackward(int index)
    {
        JsonElement c = ConvReference.Section("conv2d")[index];
        var conv = Conv2d.FromParameters(ConvReference.Input(c.GetProperty("weight")), ConvReference.Input(c.GetProperty("bias")),
            c.GetProperty("stride").GetInt32(), c.GetProperty("padding").GetInt32());
        conv.Forward(ConvReference.Input(c.GetProperty("x")));

        conv.BackwardParameters(ConvReference.Input(c.GetProperty("dy")));

        ConvReference.AssertClose(conv.Grads[0]!, c.GetProperty("dweight"), "dW");
        ConvReference.AssertClose(conv.Grads[1]!, c.GetProperty("dbias"), "db");
    }
}
