using System.Globalization;
using System.Text.Json;
using TinyTensor.Tests.Support;

namespace TinyTensor.Tests.Tensors;

/// <summary>
/// Reads Fixtures/tensor-ops.json, NumPy 1.24's results written by Fixtures/make_tensor_ops_fixtures.py. Inputs are
/// regenerated here from the same RandomState streams (scale · randn(shape), rounded half to even where marked);
/// doubles are stored as the hex of their bits.
/// </summary>
internal static class TensorOpsFixture
{
    private static readonly Lazy<JsonDocument> Document = new(() => JsonDocument.Parse(File.ReadAllText(FixturePath.Of("tensor-ops.json"))));

    public static JsonElement Root => Document.Value.RootElement;

    /// <summary>The cases of one section, each with a readable name for NUnit's test-case list.</summary>
    public static IEnumerable<TestCaseData> Cases(string section, Func<JsonElement, string> name)
    {
        int i = 0;
        foreach (JsonElement e in Root.GetProperty(section).EnumerateArray())
        {
            yield return new TestCaseData(section, i++).SetName($"{section}[{i - 1}] {name(e)}");
        }
    }

    public static JsonElement Case(string section, int index) => Root.GetProperty(section)[index];

    /// <summary>scale · RandomState(seed).randn(*shape), as the script drew it.</summary>
    public static Tensor Input(JsonElement spec)
    {
        int[] shape = Shape(spec.GetProperty("shape"));
        double scale = spec.GetProperty("scale").GetDouble();
        Tensor x = new RandomState(spec.GetProperty("seed").GetUInt32()).Randn(shape);
        Span<double> values = x.AsSpan();
        bool round = spec.TryGetProperty("round", out JsonElement r) && r.GetBoolean();
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = scale == 1.0 ? values[i] : scale * values[i];
            if (round)
            {
                values[i] = Math.Round(values[i], MidpointRounding.ToEven);
            }
        }

        return x;
    }

    /// <summary>The input of a case: regenerated from its "a" spec, or the explicit "values" with their shape.</summary>
    public static Tensor InputOf(JsonElement entry, string shapeProperty = "values_shape") =>
        entry.TryGetProperty("a", out JsonElement spec)
            ? Input(spec)
            : Tensor.FromArray(Doubles(entry.GetProperty("values")), Shape(entry.GetProperty(shapeProperty)));

    /// <summary>A shape as NumPy prints it, for test names: (3, 4), (10,).</summary>
    public static string ShapeText(int[] shape) => shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";

    public static int[] Shape(JsonElement shape) => [.. shape.EnumerateArray().Select(d => d.GetInt32())];

    public static double[] Doubles(JsonElement hexBits) =>
        [.. hexBits.EnumerateArray().Select(h => BitConverter.Int64BitsToDouble(long.Parse(h.GetString()!, NumberStyles.HexNumber, CultureInfo.InvariantCulture)))];
}
