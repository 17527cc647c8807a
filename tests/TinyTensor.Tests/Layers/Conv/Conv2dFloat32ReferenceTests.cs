using System.Text.Json;
using TinyTensor.Layers;

namespace TinyTensor.Tests.Layers.Conv;

/// <summary>Conv2d converted with To(DType.Float32): forward y and dx, dW, db against PyTorch's torch.float32
/// (conv-layers-float32.json), within the float32 error bound of <see cref="Float32Reference"/>.</summary>
[TestFixture]
public sealed class Conv2dFloat32ReferenceTests
{
    private static IEnumerable<int> Cases => Float32Reference.Indices("conv2d");

    [TestCaseSource(nameof(Cases))]
    public void ForwardAndGradients_MatchPyTorchFloat32(int index)
    {
        JsonElement c = Float32Reference.Section("conv2d")[index];
        int stride = c.GetProperty("stride").GetInt32(), padding = c.GetProperty("padding").GetInt32();
        int channels = c.GetProperty("c").GetInt32(), outChannels = c.GetProperty("out").GetInt32(), k = c.GetProperty("k").GetInt32();
        Tensor weight = Float32Reference.Input64(c.GetProperty("weight")), bias = Float32Reference.Input64(c.GetProperty("bias"));
        // Built in float64 and converted, as a user converts a network: the rounding is the script's astype(np.float32).
        var conv = (Conv2d)Conv2d.FromParameters(weight, bias, stride, padding).To(DType.Float32);
        Tensor x = Float32Reference.Input(c.GetProperty("x"));
        Tensor dy = Float32Reference.Input(c.GetProperty("dy"));

        Tensor y = conv.Forward(x);
        Tensor dx = conv.Backward(dy);

        // The magnitudes: the same convolution in float64 on |W|, |b|, |x| and |dy| gives Σ|terms| of every result.
        var magnitudes = Conv2d.FromParameters(Float32Reference.Abs64(conv.Weight), Float32Reference.Abs64(conv.Bias), stride, padding);
        Tensor yMag = magnitudes.Forward(Float32Reference.Abs64(x));
        Tensor dxMag = magnitudes.Backward(Float32Reference.Abs64(dy));
        int positions = dy.Dim(0) * dy.Dim(2) * dy.Dim(3);

        Assert.That(y.Shape, Is.EqualTo(Float32Reference.Shape(c.GetProperty("y_shape"))));
        // y: an inner product of C·k·k terms plus the bias.
        Float32Reference.AssertWithinBound(y, c.GetProperty("y"), yMag.AsReadOnlySpan(), (channels * k * k) + 1, "y");
        // dx: each element sums at most out·k·k products (Wᵀ·dy, then col2im's additions: out + k·k − 1 ≤ out·k·k).
        Float32Reference.AssertWithinBound(dx, c.GetProperty("dx"), dxMag.AsReadOnlySpan(), outChannels * k * k, "dx");
        // dW and db: sums over the N·H'·W' output positions.
        Float32Reference.AssertWithinBound(conv.Grads[0]!, c.GetProperty("dweight"), magnitudes.Grads[0]!.AsReadOnlySpan(), positions, "dW");
        Float32Reference.AssertWithinBound(conv.Grads[1]!, c.GetProperty("dbias"), magnitudes.Grads[1]!.AsReadOnlySpan(), positions, "db");
    }

    [TestCaseSource(nameof(Cases))]
    public void BackwardParameters_GivesTheSameBitsAsBackward(int index)
    {
        JsonElement c = Float32Reference.Section("conv2d")[index];
        int stride = c.GetProperty("stride").GetInt32(), padding = c.GetProperty("padding").GetInt32();
        Tensor weight = Float32Reference.Input64(c.GetProperty("weight")), bias = Float32Reference.Input64(c.GetProperty("bias"));
        var full = (Conv2d)Conv2d.FromParameters(weight, bias, stride, padding).To(DType.Float32);
        var partial = (Conv2d)Conv2d.FromParameters(weight, bias, stride, padding).To(DType.Float32);
        Tensor x = Float32Reference.Input(c.GetProperty("x")), dy = Float32Reference.Input(c.GetProperty("dy"));
        full.Forward(x);
        full.Backward(dy);
        partial.Forward(x);

        partial.BackwardParameters(dy);

        Assert.That(partial.Grads[0]!.ToArray<float>(), Is.EqualTo(full.Grads[0]!.ToArray<float>()));
        Assert.That(partial.Grads[1]!.ToArray<float>(), Is.EqualTo(full.Grads[1]!.ToArray<float>()));
    }
}
