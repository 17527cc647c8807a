namespace TinyTensor.Kernels;

/// <summary>Inverted dropout's mask: each element kept with probability 1 − p and then scaled by 1 / (1 − p).</summary>
internal static class DropoutKernel
{
    /// <summary>mask[i] = 1/(1 − p) when the i-th uniform draw u ∈ [0, 1) is ≥ p, else 0 (one draw per element, in order).</summary>
    public static void FillMask(RandomState rng, double p, Span<double> mask)
    {
        double scale = 1.0 / (1.0 - p);
        for (int i = 0; i < mask.Length; i++)
        {
            mask[i] = rng.RandomSample() >= p ? scale : 0.0;
        }
    }
}
