using System.Globalization;
using System.Text.Json;
using TinyTensor.Tests.Support;

namespace TinyTensor.Tests.Tensors;

/// <summary>
/// Reads Fixtures/float32-reductions.json, NumPy 1.24's float32 results written by
/// Fixtures/make_float32_reduction_fixtures.py. Inputs are regenerated here from the same RandomState streams,
/// (scale · randn(shape) + offset) in float64 rounded once to float32; hand-made inputs are stored explicitly. Every
/// float32 is stored as the hex of its 32 bits.
/// </summary>
internal static class Float32Fixture
{
    private static readonly Lazy<JsonDocument> Document = new(() => JsonDocument.Parse(File.ReadAllText(FixturePath.Of("float32-reductions.json"))));

    /// <summary>Regenerated inputs by their spec's JSON text: the 27,000-element draws are shared by dozens of cases.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, float[]> Draws = new();

    public static JsonElement Root => Document.Value.RootElement;

    /// <summary>The cases of one section, each with a readable name for NUnit's test-case list.</summary>
    public static IEnumerable<TestCaseData> Cases(string section, Func<JsonElement, string> name)
    {
        int i = 0;
        foreach (JsonElement e in Root.GetProperty(section).EnumerateArray())
        {
            yield return new TestCaseData(section, i++).SetName($"float32 {section}[{i - 1}] {name(e)}");
        }
    }

    public static JsonElement Case(string section, int index) => Root.GetProperty(section)[index];

    /// <summary>(scale · RandomState(seed).randn(*shape) + offset).astype(np.float32), as the script drew it.</summary>
    public static Tensor Input(JsonElement spec)
    {
        int[] shape = TensorOpsFixture.Shape(spec.GetProperty("shape"));
        double scale = spec.GetProperty("scale").GetDouble();
        double offset = spec.GetProperty("offset").GetDouble();
        float[] values = Draws.GetOrAdd(spec.GetRawText(), _ =>
        {
            double[] draw = new RandomState(spec.GetProperty("seed").GetUInt32()).Randn(shape).ToArray();
            return [.. draw.Select(v => (float)((scale * v) + offset))];
        });
        return Tensor.FromArray((float[])values.Clone(), shape);
    }

    /// <summary>The float32 input of a case: regenerated from its "a" spec, or the explicit "values" with their shape.</summary>
    public static Tensor InputOf(JsonElement entry, string shapeProperty) =>
        entry.TryGetProperty("a", out JsonElement spec)
            ? Input(spec)
            : Tensor.FromArray(Floats(entry.GetProperty("values")), TensorOpsFixture.Shape(entry.GetProperty(shapeProperty)));

    public static float[] Floats(JsonElement hexBits) =>
        [.. hexBits.EnumerateArray().Select(h => BitConverter.Int32BitsToSingle(int.Parse(h.GetString()!, NumberStyles.HexNumber, CultureInfo.InvariantCulture)))];

    /// <summary>Bit-for-bit equality of float32 values, with the first difference in the failure message.</summary>
    public static void BitwiseEqual(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, string what)
    {
        Assert.That(actual.Length, Is.EqualTo(expected.Length), $"{what}: length");
        for (int i = 0; i < actual.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(actual[i]) != BitConverter.SingleToInt32Bits(expected[i]))
            {
                Assert.Fail(string.Create(CultureInfo.InvariantCulture, $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R}"));
            }
        }
    }
}
