using System.Globalization;
using System.Text.Json;
using TinyTensor.Tests.Support;

namespace TinyTensor.Tests.Layers.Conv;

/// <summary>
/// PyTorch 1.13's float32 results for the convolutional layers (Fixtures/conv-layers-float32.json, written by
/// Fixtures/make_conv_float32_fixtures.py), and the error bound the float32 tests compare within.
/// </summary>
/// <remarks>
/// <para><b>The bound.</b> TinyTensor and PyTorch (oneDNN) round differently: other summation orders and blockings, FMA
/// or not. A quantity made of K rounded operations whose terms have absolute values summing to <c>mag</c> is, in any
/// order, within γ_K·mag of the exact value, γ_K = K·u/(1 − K·u), u = 2⁻²⁴ the unit roundoff of float32 (ε/2,
/// ε ≈ 1.19e-7; Higham, <em>Accuracy and Stability of Numerical Algorithms</em>, §3.1). Both results are, so they
/// differ by at most 2·γ_K·mag: that is the tolerance, per element, with K stated by each test and mag computed in
/// float64 (by the same layer run on |x|, |W|, |b|, |dy|, or by the script for BatchNorm). It is no looser than the
/// arithmetic allows, and an indexing or formula mistake shows up as errors of the size of the values themselves,
/// ≥ 10⁴ times larger.</para>
/// <para>Inputs are <c>RandomState(seed).randn(*shape)</c> (rounded where marked), converted to float32: the tests
/// regenerate them with <see cref="RandomState"/> and <see cref="Tensor.To(DType)"/>, as the script's
/// <c>astype(np.float32)</c>.</para>
/// </remarks>
internal static class Float32Reference
{
    /// <summary>The unit roundoff of float32, 2⁻²⁴.</summary>
    public const double UnitRoundoff = 1.0 / (1 << 24);

    private static readonly Lazy<JsonDocument> Document =
        new(() => JsonDocument.Parse(File.ReadAllText(FixturePath.Of("conv-layers-float32.json"))));

    public static JsonElement Section(string name) => Document.Value.RootElement.GetProperty(name);

    /// <summary>The cases of a section, one per test case (index into the array).</summary>
    public static IEnumerable<int> Indices(string name) => Enumerable.Range(0, Section(name).GetArrayLength());

    /// <summary>The float64 input RandomState(seed).randn(*shape), rounded half to even when the fixture says so.</summary>
    public static Tensor Input64(JsonElement spec)
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

    /// <summary>The input as the script's <c>astype(np.float32)</c>.</summary>
    public static Tensor Input(JsonElement spec) => Input64(spec).To(DType.Float32);

    /// <summary>|x| of a tensor, in float64 (exact for a float32 tensor).</summary>
    public static Tensor Abs64(Tensor t) => t.To(DType.Float64).Abs();

    public static float[] Floats(JsonElement element) => [.. element.EnumerateArray().Select(e => e.GetSingle())];

    public static double[] Doubles(JsonElement element) => [.. element.EnumerateArray().Select(e => e.GetDouble())];

    public static int[] Shape(JsonElement element) => [.. element.EnumerateArray().Select(e => e.GetInt32())];

    /// <summary>γ_K = K·u/(1 − K·u).</summary>
    public static double Gamma(int terms) => terms * UnitRoundoff / (1 - (terms * UnitRoundoff));

    /// <summary>A float32 result against PyTorch's: |actual − expected| ≤ 2·γ_K·mag per element (see the remarks).</summary>
    public static void AssertWithinBound(Tensor actual, JsonElement expected, ReadOnlySpan<double> magnitude, int terms, string what)
    {
        Assert.That(actual.DType, Is.EqualTo(DType.Float32), $"{what}: element type");
        ReadOnlySpan<float> a = actual.AsReadOnlySpan<float>();
        float[] e = Floats(expected);
        Assert.That(a.Length, Is.EqualTo(e.Length), $"{what}: length");
        Assert.That(magnitude.Length, Is.EqualTo(e.Length), $"{what}: magnitudes");
        double gamma = 2 * Gamma(terms);
        for (int i = 0; i < e.Length; i++)
        {
            double diff = Math.Abs((double)a[i] - e[i]), tolerance = gamma * magnitude[i];
            if (!(diff <= tolerance))
            {
                Assert.Fail(string.Create(CultureInfo.InvariantCulture,
                    $"{what}[{i}]: expected {e[i]:R}, got {a[i]:R} (|diff| {diff:R} > 2·γ_{terms}·{magnitude[i]:R} = {tolerance:R})"));
            }
        }
    }

    /// <summary>The same float32 bits everywhere (for results that are exact: maxima, moves).</summary>
    public static void AssertBitwise(Tensor actual, JsonElement expected, string what)
    {
        Assert.That(actual.DType, Is.EqualTo(DType.Float32), $"{what}: element type");
        int[] e = [.. Floats(expected).Select(BitConverter.SingleToInt32Bits)];
        int[] a = [.. actual.AsReadOnlySpan<float>().ToArray().Select(BitConverter.SingleToInt32Bits)];
        Assert.That(a, Is.EqualTo(e), what);
    }
}
