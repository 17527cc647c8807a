using System.Globalization;

namespace TinyTensor.Init;

/// <summary>He/Kaiming (He et al. 2015), fan-in mode: keeps the variance of the forward activations constant
/// through ReLU-like layers. std = gain / √fan_in; uniform bound √3·std.</summary>
internal sealed class KaimingInitializer(double gain, bool uniform) : Initializer
{
    private protected override void Fill(Tensor weight, Tensor bias, int fanIn, int fanOut, RandomState rng)
    {
        // PyTorch's order of operations (torch/nn/init.py): std first, the uniform bound from it.
        double std = gain / Math.Sqrt(fanIn);
        if (uniform)
        {
            double bound = Math.Sqrt(3.0) * std;
            weight.CopyFrom(rng.Uniform(-bound, bound, weight.Shape));
        }
        else
        {
            weight.CopyFrom(rng.Normal(0.0, std, weight.Shape));
        }

        bias.Fill(0.0);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"Kaiming{(uniform ? "Uniform" : "Normal")}(gain {gain:R})");
}
