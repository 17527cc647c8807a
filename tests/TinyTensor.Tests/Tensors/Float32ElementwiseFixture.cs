using System.Globalization;
using System.Text.Json;
using TinyTensor.Tests.Support;

namespace TinyTensor.Tests.Tensors;

/// <summary>
/// Reads Fixtures/float32-elementwise.json, NumPy 1.24's float32 results written by
/// Fixtures/make_float32_elementwise_fixtures.py. A random input is the float64 draw of tensor-ops.json's recipe
/// (<see cref="TensorOpsFixture.Input"/>) rounded to float32 (<c>astype(np.float32)</c>, i.e. <c>To(DType.Float32)</c>);
/// floats are stored as the hex of their bits.
/// </summary>
internal static class Float32ElementwiseFixture
{
    private static readonly Lazy<JsonDocument> Document = new(() => JsonDocument.Parse(File.ReadAllText(FixturePath.Of("float32-elementwise.json"))));

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

    /// <summary>Operand <paramref name="name"/> of a case: regenerated from its spec ("a"), or explicit
    /// ("a_values" with "a_shape", or "values" as a 1-D tensor).</summary>
    public static Tensor Operand(JsonElement entry, string name)
    {
        if (entry.TryGetProperty(name, out JsonElement spec))
        {
            return TensorOpsFixture.Input(spec).To(DType.Float32);
        }

        if (entry.TryGetProperty(name + "_values", out JsonElement values))
        {
            return Tensor.FromArray(Floats(values), TensorOpsFixture.Shape(entry.GetProperty(name + "_shape")));
        }

        float[] plain = Floats(entry.GetProperty("values"));
        return Tensor.FromArray(plain, plain.Length);
    }

    public static float[] Floats(JsonElement hexBits) =>
        [.. hexBits.EnumerateArray().Select(h => BitConverter.Int32BitsToSingle(int.Parse(h.GetString()!, NumberStyles.HexNumber, CultureInfo.InvariantCulture)))];

    /// <summary>The same float32 bits everywhere, except that any NaN matches any NaN (a NaN's sign and payload are not
    /// part of NumPy's contract: x86 makes 0/0 a negative NaN, np.nan is positive).</summary>
    public static void BitwiseEqual(Tensor actual, ReadOnlySpan<float> expected, string what)
    {
        Assert.That(actual.DType, Is.EqualTo(DType.Float32), $"{what}: element type");
        ReadOnlySpan<float> values = actual.AsReadOnlySpan<float>();
        Assert.That(values.Length, Is.EqualTo(expected.Length), $"{what}: length");
        for (int i = 0; i < values.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(values[i]) != BitConverter.SingleToInt32Bits(expected[i]) && !(float.IsNaN(values[i]) && float.IsNaN(expected[i])))
            {
                Assert.Fail(string.Create(CultureInfo.InvariantCulture,
                    $"{what}[{i}]: expected {expected[i]:R} (0x{BitConverter.SingleToInt32Bits(expected[i]):x8}), got {values[i]:R} (0x{BitConverter.SingleToInt32Bits(values[i]):x8})"));
            }
        }
    }

    /// <summary>The distance in float32 ulps (representable floats between), 0 for equal values, NaN/NaN and ±0.</summary>
    public static long UlpDistance(float a, float b)
    {
        if (a == b || (float.IsNaN(a) && float.IsNaN(b)))
        {
            return 0;
        }

        if (float.IsNaN(a) || float.IsNaN(b))
        {
            return long.MaxValue;
        }

        return Math.Abs(Ordered(a) - Ordered(b));
    }

    /// <summary>Float bits mapped to a line where adjacent floats differ by one (negatives mirrored below zero).</summary>
    private static long Ordered(float x)
    {
        int bits = BitConverter.SingleToInt32Bits(x);
        return bits >= 0 ? bits : -(long)(bits & int.MaxValue);
    }
}
