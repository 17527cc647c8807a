using System.Text.Json;

namespace TinyTensor.Tests.Tensors;

/// <summary><see cref="Tensor.ToString()"/> of float32 tensors against NumPy 1.24's <c>str()</c> (or
/// <c>np.array2string</c> with options) of float32 arrays, character for character: float32's shortest digits, the
/// scientific/positional decision made on float32 magnitudes, wrapping and summarisation.</summary>
[TestFixture]
public sealed class Float32FormatTests
{
    private static IEnumerable<TestCaseData> Arrays() => Float32Fixture.Cases("printing", e => e.GetProperty("name").GetString()!);

    [TestCaseSource(nameof(Arrays))]
    public void ToString_EqualsNumPysStrOfTheFloat32Array(string section, int index)
    {
        JsonElement entry = Float32Fixture.Case(section, index);
        Tensor t = Float32Fixture.InputOf(entry, "shape");
        Assert.That(t.DType, Is.EqualTo(DType.Float32));

        string text = entry.TryGetProperty("options", out JsonElement o) ? t.ToString(Options(o)) : t.ToString();

        Assert.That(text, Is.EqualTo(entry.GetProperty("str").GetString()));
    }

    [Test]
    public void TheFixture_HasTinyHugeNonFiniteNegativeZeroAndSummarisedArrays()
    {
        string[] names = [.. Float32Fixture.Root.GetProperty("printing").EnumerateArray().Select(e => e.GetProperty("name").GetString()!)];

        Assert.That(names, Has.Member("tiny scientific").And.Member("huge scientific").And.Member("nan inf")
            .And.Member("negative zero").And.Member("summarised 40x40").And.Member("subnormal"));
    }

    [Test]
    public void SingleValues_OverTheWholeExponentRange_PrintDragon4sShortestFloat32Digits()
    {
        // 600 random bit patterns (the finite ones) and 400 decimals of up to 6 places, each printed alone.
        JsonElement singles = Float32Fixture.Root.GetProperty("singles");
        float[] values = Float32Fixture.Floats(singles.GetProperty("values"));
        string[] expected = [.. singles.GetProperty("str").EnumerateArray().Select(e => e.GetString()!)];
        Assert.That(values, Has.Length.GreaterThan(900));

        string[] actual = [.. values.Select(v => Tensor.FromArray(new[] { v }, 1).ToString())];

        Assert.That(actual, Is.EqualTo(expected));
    }

    [Test]
    public void AFloat32Tenth_PrintsFloat32sShortestDigits()
    {
        Tensor t = Tensor.FromArray(new[] { 0.1f, 1f / 3 }, 2);
        Assert.That(t.DType, Is.EqualTo(DType.Float32));

        Assert.That(t.ToString(), Is.EqualTo("[0.1        0.33333334]"));
        Assert.That(t.To(DType.Float64).ToString(), Is.EqualTo("[0.1        0.33333334]"), "widened, rounded to 8 digits");
        Assert.That(t.To(DType.Float64).ToString(17), Is.EqualTo("[0.10000000149011612 0.3333333432674408 ]"));
        Assert.That(t.ToString(17), Is.EqualTo("[0.1        0.33333334]"), "float32's shortest digits need no more than 8");
    }

    [Test]
    public void Float32AndFloat64_PrintTheSameLayout_ForValuesBothHoldExactly()
    {
        double[] values = [1.5, -2.25, 1024, 0.125, -0.0, 3];
        Tensor f64 = Tensor.FromArray(values, 2, 3);

        Assert.That(f64.To(DType.Float32).ToString(), Is.EqualTo(f64.ToString()));
    }

    private static TensorFormatOptions Options(JsonElement o)
    {
        TensorFormatOptions options = TensorFormatOptions.Default;
        foreach (JsonProperty p in o.EnumerateObject())
        {
            options = p.Name switch
            {
                "precision" => options with { Precision = p.Value.GetInt32() },
                "suppress" => options with { SuppressSmall = p.Value.GetBoolean() },
                "linewidth" => options with { LineWidth = p.Value.GetInt32() },
                "threshold" => options with { Threshold = p.Value.GetInt32() },
                "edgeitems" => options with { EdgeItems = p.Value.GetInt32() },
                _ => throw new InvalidOperationException($"unknown print option {p.Name}"),
            };
        }

        return options;
    }
}
