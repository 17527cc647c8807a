using System.Numerics.Tensors;

namespace TinyTensor.Init;

/// <summary>The framework's W = rand(in, out)·1e-4, then b = rand(out)·1e-4 (uniform on [0, 1e-4)).</summary>
/// <remarks>The same draws, in the same order, and the same multiplication as <see cref="Layers.Linear"/>'s
/// original constructor, so the two give identical bits (a test checks it).</remarks>
internal sealed class FrameworkInitializer : Initializer
{
    /// <summary>The framework's initial scale of W and b.</summary>
    private const double InitialScale = 1e-4;

    private protected override void Fill(Tensor weight, Tensor bias, int fanIn, int fanOut, RandomState rng)
    {
        FillRand(weight.AsSpan(), rng);
        TensorPrimitives.Multiply(weight.AsSpan(), InitialScale, weight.AsSpan());
        FillRand(bias.AsSpan(), rng);
        TensorPrimitives.Multiply(bias.AsSpan(), InitialScale, bias.AsSpan());
    }

    /// <summary>As <see cref="RandomState.Rand(int[])"/>, into an existing buffer.</summary>
    private static void FillRand(Span<double> values, RandomState rng)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = rng.RandomSample();
        }
    }

    public override string ToString() => "Default (rand·1e-4)";
}
