using System.Numerics;
using System.Runtime.InteropServices;

namespace TinyTensor.Kernels;

/// <summary>A sum accumulated in float64 whatever the element type: the row sums of the softmax and the losses.</summary>
/// <remarks>
/// float64 spans take NumPy's pairwise order (<see cref="PairwiseSum.Sum(ReadOnlySpan{double})"/>), so float64 results keep NumPy's bits.
/// float32 spans are widened element by element and added in order in float64: each float32 is exact in float64, and
/// the accumulated error of n terms (≤ n·2⁻⁵³ relative) stays far below float32's ε = 2⁻²³ for any row a network
/// produces, so the sum is the float32 sum correctly rounded in all but pathological cases. PyTorch accumulates
/// float32 softmax sums in float32 vector lanes instead; the two agree to float32 rounding.
/// </remarks>
internal static class WideSum
{
    /// <summary>Σ values in float64 (see the remarks for the order).</summary>
    public static double Of<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double))
        {
            return PairwiseSum.Sum(MemoryMarshal.Cast<T, double>(values));
        }

        double sum = 0.0;
        foreach (T value in values)
        {
            sum += double.CreateTruncating(value);
        }

        return sum;
    }
}
