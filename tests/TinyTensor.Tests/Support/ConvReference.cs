using System.Text.Json;

namespace TinyTensor.Tests.Support;

/// <summary>
/// PyTorch's float64 results for the convolutional layers (Fixtures/conv-layers.json, written by
/// Fixtures/make_conv_fixtures.py). Inputs are recorded as {seed, shape, round} and regenerated here with
/// <see cref="RandomState"/>, which reproduces NumPy's <c>RandomState(seed).randn</c> bit for bit.
/// </summary>
internal static class ConvReference
{
    /// <summary>Differences in summation order only: a few ulps of the largest term.</summary>
    public const double Rtol = 1e-10;
    public const double Atol = 1e-12;

    private static readonly Lazy<JsonDocument> Document = new(() => JsonDocument.Parse(File.ReadAllText(FixturePath.Of("conv-layers.json"))));

    public static JsonElement Section(string name) => Document.Value.RootElement.GetProperty(name);

    /// <summary>The cases of a section, one per test case (index into the array).</summary>
    public static IEnumerable<int> Indices(string name) => Enumerable.Range(0, Section(name).GetArrayLength());

    /// <summary>NumPy's RandomState(seed).randn(*shape), rounded half to even when the fixture says so.</summary>
    public static Tensor Input(JsonElement spec)
    {
        uint seed = spec.GetProperty("seed").GetUInt32();
        int[] shape = [.. spec.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32())];
        Tensor values = new RandomState(seed).Randn(shape);
        if (spec.GetProperty("round").GetBoolean())
        {
            Span<double> span = values.AsSpan();
            for (int i = 0; i < span.Length; i++)
            {
                span[i] = Math.Round(span[i], MidpointRounding.ToEven);
            }
        }

        return values;
    }

    public static double[] Values(JsonElement element) => [.. element.EnumerateArray().Select(e => e.GetDouble())];

    public static int[] Shape(JsonElement element) => [.. element.EnumerateArray().Select(e => e.GetInt32())];

    public static void AssertClose(Tensor actual, JsonElement expected, string what) =>
        AssertTensor.AllClose(actual.AsReadOnlySpan(), Values(expected), Rtol, Atol, what);
}
