using System.Globalization;
using System.Text.Json;

namespace TinyTensor.Tests.Tensors;

/// <summary>
/// Elementwise ops and factories on float32 tensors against NumPy 1.24 in float32 (Fixtures/float32-elementwise.json):
/// + − × ÷, maximum/minimum, comparisons, |x|, √x, −x, clip and arange bit for bit; exp, log, tanh and pow within a
/// stated number of float32 ulps.
/// </summary>
[TestFixture]
public sealed class Float32ElementwiseTests
{
    /// <summary>
    /// Largest float32 ulp distance allowed from NumPy for the functions that are not correctly rounded: neither side
    /// is. Measured on this fixture's inputs against the float64 function rounded to float32 (nearly always the
    /// correctly rounded value): NumPy 1.24's float32 exp and log (its own AVX-512F/AVX2 polynomials) are up to 2 ulp
    /// off, its tanh and power (glibc) 1 ulp; TinyTensor's (TensorPrimitives' exp, log and pow, the C library's tanhf)
    /// are held to <see cref="OwnUlps"/> by the test below, on every SIMD path. Two results each within 2 ulp of the
    /// same value are within 4 of each other (float32's 4 ulp ≈ 4.8e-7 relative; the float64 tests allow 4 float64 ulp).
    /// </summary>
    private const long TranscendentalUlps = 4;

    /// <summary>Largest float32 ulp distance of TinyTensor's own float32 exp, log, tanh and pow from the float64
    /// function rounded to float32. Measured on every SIMD path: exp (TensorPrimitives) and tanh (the C library's tanhf)
    /// are up to 2 ulp off, e.g. tanh(−0.5297062); log and pow 1; TensorPrimitives' exp(0) is 1 + 2⁻²³, not 1.</summary>
    private const long OwnUlps = 2;

    private static IEnumerable<TestCaseData> Binary() => Float32ElementwiseFixture.Cases("binary", e =>
        $"{e.GetProperty("op").GetString()} {Shape(e, "a")}∘{Shape(e, "b")}");

    private static IEnumerable<TestCaseData> Scalar() => Float32ElementwiseFixture.Cases("scalar", e =>
        $"{e.GetProperty("op").GetString()} {e.GetProperty("scalar").GetDouble().ToString("R", CultureInfo.InvariantCulture)}");

    private static IEnumerable<TestCaseData> Unary() => Float32ElementwiseFixture.Cases("unary", e =>
        e.GetProperty("op").GetString() + (e.TryGetProperty("a", out JsonElement a)
            ? $" (randn × {a.GetProperty("scale").GetDouble().ToString(CultureInfo.InvariantCulture)})"
            : $" ({e.GetProperty("values").GetArrayLength()} explicit values)"));

    private static IEnumerable<TestCaseData> Arange() => Float32ElementwiseFixture.Cases("arange", e => string.Create(CultureInfo.InvariantCulture,
        $"({e.GetProperty("start").GetDouble():R}, {e.GetProperty("stop").GetDouble():R}, {e.GetProperty("step").GetDouble():R})"));

    [TestCaseSource(nameof(Binary))]
    public void BinaryOp_EqualsNumPyFloat32BitForBit(string section, int index)
    {
        JsonElement e = Float32ElementwiseFixture.Case(section, index);
        Tensor a = Float32ElementwiseFixture.Operand(e, "a");
        Tensor b = Float32ElementwiseFixture.Operand(e, "b");
        string op = e.GetProperty("op").GetString()!;

        Tensor result = OpNamed(op)(a, b);

        Assert.That(result.Shape, Is.EqualTo(TensorOpsFixture.Shape(e.GetProperty("shape"))));
        Float32ElementwiseFixture.BitwiseEqual(result, Float32ElementwiseFixture.Floats(e.GetProperty("out")), op);
    }

    [TestCaseSource(nameof(Binary))]
    public void DestinationForm_GivesTheSameFloat32Bits(string section, int index)
    {
        JsonElement e = Float32ElementwiseFixture.Case(section, index);
        string op = e.GetProperty("op").GetString()!;
        Action<Tensor, Tensor, Tensor>? into = DestinationOpNamed(op);
        if (into is null)
        {
            Assert.That(op, Does.StartWith("equal").Or.StartWith("greater").Or.StartWith("less"), "comparisons have no destination form");
            return;
        }

        Tensor a = Float32ElementwiseFixture.Operand(e, "a");
        Tensor b = Float32ElementwiseFixture.Operand(e, "b");
        Tensor destination = Tensor.Full(double.NaN, DType.Float32, TensorOpsFixture.Shape(e.GetProperty("shape")));

        into(a, b, destination);

        Float32ElementwiseFixture.BitwiseEqual(destination, Float32ElementwiseFixture.Floats(e.GetProperty("out")), op);
    }

    [TestCaseSource(nameof(Scalar))]
    public void ScalarForms_RoundTheScalarToFloat32First_AsNumPy(string section, int index)
    {
        JsonElement e = Float32ElementwiseFixture.Case(section, index);
        Tensor a = Float32ElementwiseFixture.Operand(e, "a");
        double s = e.GetProperty("scalar").GetDouble();
        string op = e.GetProperty("op").GetString()!;
        Tensor tensorFirst = op switch
        {
            "add" => a + s,
            "subtract" => a - s,
            "multiply" => a * s,
            "divide" => a / s,
            "maximum" => Tensor.Maximum(a, s),
            "minimum" => Tensor.Minimum(a, s),
            "equal" => Tensor.Equal(a, s),
            "greater" => Tensor.Greater(a, s),
            "greater_equal" => Tensor.GreaterEqual(a, s),
            "less" => Tensor.Less(a, s),
            "less_equal" => Tensor.LessEqual(a, s),
            _ => throw new InvalidOperationException(op),
        };

        Float32ElementwiseFixture.BitwiseEqual(tensorFirst, Float32ElementwiseFixture.Floats(e.GetProperty("tensor_first")), op + " tensor∘scalar");
        if (e.TryGetProperty("scalar_first", out JsonElement scalarFirst))
        {
            Tensor reversed = op switch
            {
                "add" => s + a,
                "subtract" => s - a,
                "multiply" => s * a,
                "divide" => s / a,
                _ => throw new InvalidOperationException(op),
            };
            Float32ElementwiseFixture.BitwiseEqual(reversed, Float32ElementwiseFixture.Floats(scalarFirst), op + " scalar∘tensor");
        }
    }

    [TestCaseSource(nameof(Unary))]
    public void UnaryOp_MatchesNumPyFloat32(string section, int index)
    {
        JsonElement e = Float32ElementwiseFixture.Case(section, index);
        Tensor x = Float32ElementwiseFixture.Operand(e, "a");
        string op = e.GetProperty("op").GetString()!;
        (Tensor result, bool exact) = op switch
        {
            "abs" => (x.Abs(), true),
            "sqrt" => (x.Sqrt(), true),
            "negative" => (-x, true),
            "clip" => (x.Clip(-0.5, 0.75), true),
            "clip_0_1" => (x.Clip(-0.1, 0.1), true),
            "pow2" => (x.Pow(2.0), false),
            "pow_half" => (x.Pow(0.5), false),
            "pow_m1_5" => (x.Pow(-1.5), false),
            "pow_0_1" => (x.Pow(0.1), false),
            "exp" => (x.Exp(), false),
            "log" => (x.Log(), false),
            "tanh" => (x.Tanh(), false),
            _ => throw new InvalidOperationException(op),
        };
        float[] expected = Float32ElementwiseFixture.Floats(e.GetProperty("out"));

        if (exact)
        {
            Float32ElementwiseFixture.BitwiseEqual(result, expected, op);
            return;
        }

        Assert.That(result.DType, Is.EqualTo(DType.Float32));
        ReadOnlySpan<float> actual = result.AsReadOnlySpan<float>();
        Assert.That(actual.Length, Is.EqualTo(expected.Length));
        for (int i = 0; i < actual.Length; i++)
        {
            long distance = Float32ElementwiseFixture.UlpDistance(actual[i], expected[i]);
            Assert.That(distance, Is.LessThanOrEqualTo(TranscendentalUlps), string.Create(CultureInfo.InvariantCulture,
                $"{op}[{i}] of {x.AsReadOnlySpan<float>()[i]:R}: expected {expected[i]:R}, got {actual[i]:R} ({distance} ulp)"));
        }
    }

    [TestCaseSource(nameof(Unary))]
    public void UnaryOp_Float32_IsWithinTwoUlpOfTheFloat64FunctionRounded(string section, int index)
    {
        JsonElement e = Float32ElementwiseFixture.Case(section, index);
        Tensor x = Float32ElementwiseFixture.Operand(e, "a");
        Tensor wide = x.To(DType.Float64);
        string op = e.GetProperty("op").GetString()!;
        Func<Tensor, Tensor> f = op switch
        {
            "abs" => t => t.Abs(),
            "sqrt" => t => t.Sqrt(),
            "negative" => t => -t,
            "clip" => t => t.Clip(-0.5, 0.75),
            "clip_0_1" => t => t.Clip(-0.1f, 0.1f), // the float32 bounds, so that both sides clip at the same values
            "pow2" => t => t.Pow(2.0),
            "pow_half" => t => t.Pow(0.5),
            "pow_m1_5" => t => t.Pow(-1.5),
            "pow_0_1" => t => t.Pow(0.1f),
            "exp" => t => t.Exp(),
            "log" => t => t.Log(),
            "tanh" => t => t.Tanh(),
            _ => throw new InvalidOperationException(op),
        };

        ReadOnlySpan<float> actual = f(x).AsReadOnlySpan<float>();
        ReadOnlySpan<float> reference = f(wide).To(DType.Float32).AsReadOnlySpan<float>();
        for (int i = 0; i < actual.Length; i++)
        {
            long distance = Float32ElementwiseFixture.UlpDistance(actual[i], reference[i]);
            Assert.That(distance, Is.LessThanOrEqualTo(OwnUlps), string.Create(CultureInfo.InvariantCulture,
                $"{op}[{i}] of {x.AsReadOnlySpan<float>()[i]:R}: float64 rounded {reference[i]:R}, float32 {actual[i]:R} ({distance} ulp)"));
        }
    }

    [TestCaseSource(nameof(Arange))]
    public void Arange_Float32_EqualsNumPyArangeWithFloat32DType(string section, int index)
    {
        JsonElement e = Float32ElementwiseFixture.Case(section, index);

        Tensor result = Tensor.Arange(e.GetProperty("start").GetDouble(), e.GetProperty("stop").GetDouble(), e.GetProperty("step").GetDouble(), DType.Float32);

        Float32ElementwiseFixture.BitwiseEqual(result, Float32ElementwiseFixture.Floats(e.GetProperty("out")), "arange");
    }

    [Test]
    public void Arange_Float32_IsNotTheFloat64ArangeRounded() =>
        // NumPy fills in float32 (start + i·δ with float32 δ); rounding the float64 sequence gives other values here,
        // so the fixture above distinguishes the two readings.
        Assert.That(Tensor.Arange(0.1, 1000.0, 0.1, DType.Float32).ToArray(),
            Is.Not.EqualTo(Tensor.Arange(0.1, 1000.0, 0.1).To(DType.Float32).ToArray()));

    private static Func<Tensor, Tensor, Tensor> OpNamed(string name) => name switch
    {
        "add" => (a, b) => a + b,
        "subtract" => (a, b) => a - b,
        "multiply" => (a, b) => a * b,
        "divide" => (a, b) => a / b,
        "maximum" => Tensor.Maximum,
        "minimum" => Tensor.Minimum,
        "equal" => Tensor.Equal,
        "greater" => Tensor.Greater,
        "greater_equal" => Tensor.GreaterEqual,
        "less" => Tensor.Less,
        "less_equal" => Tensor.LessEqual,
        _ => throw new InvalidOperationException(name),
    };

    private static Action<Tensor, Tensor, Tensor>? DestinationOpNamed(string name) => name switch
    {
        "add" => Tensor.Add,
        "subtract" => Tensor.Subtract,
        "multiply" => Tensor.Multiply,
        "divide" => Tensor.Divide,
        "maximum" => Tensor.Maximum,
        "minimum" => Tensor.Minimum,
        _ => null,
    };

    private static string Shape(JsonElement e, string operand) => TensorOpsFixture.ShapeText(
        e.TryGetProperty(operand, out JsonElement spec)
            ? TensorOpsFixture.Shape(spec.GetProperty("shape"))
            : TensorOpsFixture.Shape(e.GetProperty(operand + "_shape")));
}
