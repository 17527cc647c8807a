using System.Globalization;

namespace TinyTensor.Interop.Tests.Support;

/// <summary>Elementwise closeness with a message that shows where and by how much.</summary>
internal static class Expect
{
    /// <summary>float32: about 100 float32 ulps of the output's scale (a Gemm of k ≤ 16 terms, a few activations).</summary>
    public const double Float32Tolerance = 1e-5;

    /// <summary>float64: the engines sum in different orders, so the last few bits differ.</summary>
    public const double Float64Tolerance = 1e-13;

    /// <summary>|actual − expected| ≤ tolerance·max(1, |expected|) for every element.</summary>
    public static void AllClose(ReadOnlySpan<double> actual, ReadOnlySpan<double> expected, double tolerance)
    {
        Assert.That(actual.Length, Is.EqualTo(expected.Length), "lengths");
        double worst = 0;
        int worstIndex = -1;
        for (int i = 0; i < actual.Length; i++)
        {
            double excess = Math.Abs(actual[i] - expected[i]) / Math.Max(1.0, Math.Abs(expected[i]));
            if (double.IsNaN(excess) || excess > worst)
            {
                worst = excess;
                worstIndex = i;
                if (double.IsNaN(excess))
                {
                    break;
                }
            }
        }

        Assert.That(worst, Is.LessThanOrEqualTo(tolerance), worstIndex < 0 ? "" : string.Create(CultureInfo.InvariantCulture,
            $"worst at index {worstIndex}: expected {expected[worstIndex]:R}, ONNX Runtime gave {actual[worstIndex]:R}"));
    }
}
