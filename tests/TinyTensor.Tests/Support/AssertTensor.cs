using System.Globalization;

namespace TinyTensor.Tests.Support;

/// <summary>Element-wise comparisons whose failure message names the index, the expected and the actual value.</summary>
internal static class AssertTensor
{
    /// <summary>|actual − expected| ≤ atol + rtol·|expected| everywhere (NumPy's allclose).</summary>
    public static void AllClose(ReadOnlySpan<double> actual, ReadOnlySpan<double> expected, double rtol, double atol, string what = "values")
    {
        Assert.That(actual.Length, Is.EqualTo(expected.Length), $"{what}: length");
        for (int i = 0; i < actual.Length; i++)
        {
            double tolerance = atol + (rtol * Math.Abs(expected[i]));
            if (!(Math.Abs(actual[i] - expected[i]) <= tolerance) && !(double.IsNaN(actual[i]) && double.IsNaN(expected[i])) && actual[i] != expected[i])
            {
                Assert.Fail(string.Create(CultureInfo.InvariantCulture,
                    $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (|diff| {Math.Abs(actual[i] - expected[i]):R} > {tolerance:R})"));
            }
        }
    }

    /// <summary>The same bits everywhere.</summary>
    public static void BitwiseEqual(ReadOnlySpan<double> actual, ReadOnlySpan<double> expected, string what = "values")
    {
        Assert.That(actual.Length, Is.EqualTo(expected.Length), $"{what}: length");
        for (int i = 0; i < actual.Length; i++)
        {
            if (BitConverter.DoubleToInt64Bits(actual[i]) != BitConverter.DoubleToInt64Bits(expected[i]))
            {
                Assert.Fail(string.Create(CultureInfo.InvariantCulture, $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R}"));
            }
        }
    }

    /// <summary>Σ |actual − expected|, the notebook's difference measure.</summary>
    public static double SumAbsDifference(ReadOnlySpan<double> actual, ReadOnlySpan<double> expected)
    {
        Assert.That(actual.Length, Is.EqualTo(expected.Length));
        double sum = 0.0;
        for (int i = 0; i < actual.Length; i++)
        {
            sum += Math.Abs(actual[i] - expected[i]);
        }

        return sum;
    }
}
