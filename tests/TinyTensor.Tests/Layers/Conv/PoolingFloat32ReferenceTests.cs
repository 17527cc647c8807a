using System.Text.Json;
using TinyTensor.Layers;

namespace TinyTensor.Tests.Layers.Conv;

/// <summary>MaxPool2d and AvgPool2d on float32 input against PyTorch's torch.float32 (conv-layers-float32.json), on
/// even and odd sizes, overlapping windows and rounded inputs full of ties: maxima are exact (the same bits), sums
/// within the float32 error bound of <see cref="Float32Reference"/>.</summary>
[TestFixture]
public sealed class PoolingFloat32ReferenceTests
{
    private static IEnumerable<int> Cases => Float32Reference.Indices("pool2d");

    private static Layer Create(JsonElement c)
    {
        int k = c.GetProperty("k").GetInt32();
        int? stride = c.GetProperty("stride").ValueKind == JsonValueKind.Null ? null : c.GetProperty("stride").GetInt32();
        return c.GetProperty("kind").GetString() == "max" ? new MaxPool2d(k, stride) : new AvgPool2d(k, stride);
    }

    [TestCaseSource(nameof(Cases))]
    public void ForwardAndInputGradient_MatchPyTorchFloat32(int index)
    {
        JsonElement c = Float32Reference.Section("pool2d")[index];
        Layer pool = Create(c);
        int k = c.GetProperty("k").GetInt32();
        Tensor x = Float32Reference.Input(c.GetProperty("x")), dy = Float32Reference.Input(c.GetProperty("dy"));

        Tensor y = pool.Forward(x);
        Tensor dx = pool.Backward(dy);

        Assert.That(y.Shape, Is.EqualTo(Float32Reference.Shape(c.GetProperty("y_shape"))));
        Layer magnitudes = Create(c);
        Tensor yMag = magnitudes.Forward(Float32Reference.Abs64(x));
        Tensor dxMag = magnitudes.Backward(Float32Reference.Abs64(dy));
        if (c.GetProperty("kind").GetString() == "max")
        {
            // A maximum is one of the inputs: no rounding, so the same bits (ties and all).
            Float32Reference.AssertBitwise(y, c.GetProperty("y"), "y");
            // dx: each element adds the dy of at most k·k windows that chose it (overlapping windows).
            Float32Reference.AssertWithinBound(dx, c.GetProperty("dx"), dxMag.AsReadOnlySpan(), k * k, "dx");
        }
        else
        {
            // y: a sum of k·k terms and one division; dx: one division, then the shares of at most k·k windows added.
            Float32Reference.AssertWithinBound(y, c.GetProperty("y"), yMag.AsReadOnlySpan(), (k * k) + 1, "y");
            Float32Reference.AssertWithinBound(dx, c.GetProperty("dx"), dxMag.AsReadOnlySpan(), (k * k) + 1, "dx");
        }
    }
}
