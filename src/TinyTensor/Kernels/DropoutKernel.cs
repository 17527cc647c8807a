using System.Numerics;

namespace TinyTensor.Kernels;

/// <summary>Inverted dropout's mask: each element kept with probability 1 − p and then scaled by 1 / (1 − p).</summary>
internal static class DropoutKernel
{
    /// <summary>mask[i] = 1/(1 − p) when the i-th uniform draw u ∈ [0, 1) is ≥ p, else 0 (one draw per element, in order).
    /// The draws and the comparison are float64 whatever T is, so a float32 mask keeps exactly the elements a float64
    /// one keeps; only the scale is rounded to T (computed in float64, as PyTorch's <c>1 / (1 - p)</c> is a Python
    /// float).</summary>
    public static void FillMask<T>(RandomState rng, double p, Span<T> mask)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T scale = T.CreateTruncating(1.0 / (1.0 - p));
        for (int i = 0; i < mask.Length; i++)
        {
            mask[i] = rng.RandomSample() >= p ? scale : T.Zero;
        }
    }
}
