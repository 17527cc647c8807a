using System.Globalization;

namespace TinyTensor.Init;

/// <summary>Xavier/Glorot (Glorot &amp; Bengio 2010): keeps the variance of activations and gradients balanced
/// between fan_in and fan_out. std = gain·√(2 / (fan_in + fan_out)); uniform bound √3·std.</summary>
internal sealed class XavierInitializer(double gain, bool uniform) : Initializer
{
    private protected override void Fill(Tensor weight, Tensor bias, int fanIn, int fanOut, RandomState rng)
    {
        // PyTorch's order of operations (torch/nn/init.py): std first, the uniform bound from it.
        double std = gain * Math.Sqrt(2.0 / (fanIn + (double)fanOut));
        if (uniform)
        {
            double a = Math.Sqrt(3.0) * std;
            weight.CopyFrom(rng.Uniform(-a, a, weight.Shape));
        }
        else
        {
            weight.CopyFrom(rng.Normal(0.0, std, weight.Shape));
        }

        bias.Fill(0.0);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"Xavier{(uniform ? "Uniform" : "Normal")}(gain {gain:R})");
}
