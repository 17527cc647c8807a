using System.Globalization;

namespace TinyTensor.Tests.Conformance;

/// <summary>
/// The elementwise binary driver in both element types at every length 0 … 257 (every vector width's body and
/// remainder: 8/4/2 lanes in float64, 16/8/4 in float32), in its three operand forms (tensor∘tensor, tensor∘scalar,
/// scalar∘tensor) and broadcast against a column, against the scalar definition in the same type, bit for bit (each
/// op is one correctly rounded operation, or a comparison, whatever the width).
/// </summary>
[TestFixture]
public sealed class BinaryOpConformanceTests
{
    private const int MaxLength = 257;

    private static readonly string[] Ops = ["add", "subtract", "multiply", "divide", "maximum", "minimum", "equal", "greater", "less_equal"];

    [Test]
    public void EveryOp_AtEveryLength_MatchesTheScalarDefinition([Values] DType dtype, [ValueSource(nameof(Ops))] string op)
    {
        for (int n = 0; n <= MaxLength; n++)
        {
            Tensor a = Values(n, 1, dtype), b = Values(n, 2, dtype);
            double s = 0.3; // not a float32: the float32 forms must use (float)0.3

            AssertSame(Apply(op, a, b), Expected(op, a, b, dtype), $"{op} n={n}");
            AssertSame(ApplyScalar(op, a, s, tensorFirst: true), ExpectedScalar(op, a, s, dtype, tensorFirst: true), $"{op} tensor∘scalar n={n}");
            if (op is "add" or "subtract" or "multiply" or "divide")
            {
                AssertSame(ApplyScalar(op, a, s, tensorFirst: false), ExpectedScalar(op, a, s, dtype, tensorFirst: false), $"{op} scalar∘tensor n={n}");
            }
        }
    }

    [Test]
    public void EveryOp_BroadcastAgainstAColumn_MatchesTheScalarDefinition([Values] DType dtype, [ValueSource(nameof(Ops))] string op)
    {
        const int Rows = 3;
        for (int n = 0; n <= MaxLength; n += 7)
        {
            Tensor a = Values(Rows * n, 3, dtype).Reshape(Rows, n);
            Tensor column = Values(Rows, 4, dtype).Reshape(Rows, 1);
            Tensor stretched = n == 0 ? new Tensor(dtype, Rows, 0) : Tensor.Concatenate(Enumerable.Repeat(column, n).ToArray(), axis: 1);

            AssertSame(Apply(op, a, column), Expected(op, a, stretched, dtype), $"{op} ({Rows}, {n})∘({Rows}, 1)");
            AssertSame(Apply(op, column, a), Expected(op, stretched, a, dtype), $"{op} ({Rows}, 1)∘({Rows}, {n})");
        }
    }

    private static Tensor Apply(string op, Tensor a, Tensor b) => op switch
    {
        "add" => a + b,
        "subtract" => a - b,
        "multiply" => a * b,
        "divide" => a / b,
        "maximum" => Tensor.Maximum(a, b),
        "minimum" => Tensor.Minimum(a, b),
        "equal" => Tensor.Equal(a, b),
        "greater" => Tensor.Greater(a, b),
        "less_equal" => Tensor.LessEqual(a, b),
        _ => throw new InvalidOperationException(op),
    };

    private static Tensor ApplyScalar(string op, Tensor a, double s, bool tensorFirst) => (op, tensorFirst) switch
    {
        ("add", true) => a + s,
        ("add", false) => s + a,
        ("subtract", true) => a - s,
        ("subtract", false) => s - a,
        ("multiply", true) => a * s,
        ("multiply", false) => s * a,
        ("divide", true) => a / s,
        ("divide", false) => s / a,
        ("maximum", _) => Tensor.Maximum(a, s),
        ("minimum", _) => Tensor.Minimum(a, s),
        ("equal", _) => Tensor.Equal(a, s),
        ("greater", _) => Tensor.Greater(a, s),
        ("less_equal", _) => Tensor.LessEqual(a, s),
        _ => throw new InvalidOperationException(op),
    };

    private static double[] Expected(string op, Tensor a, Tensor b, DType dtype)
    {
        double[] x = a.ToArray(), y = b.ToArray();
        return [.. x.Select((v, i) => Scalar(op, v, y[i], dtype))];
    }

    private static double[] ExpectedScalar(string op, Tensor a, double s, DType dtype, bool tensorFirst) =>
        [.. a.ToArray().Select(v => tensorFirst ? Scalar(op, v, s, dtype) : Scalar(op, s, v, dtype))];

    /// <summary>op in the element type: float32 operands (the scalar rounded first) and a float32 operation.</summary>
    private static double Scalar(string op, double x, double y, DType dtype)
    {
        if (dtype == DType.Float32)
        {
            float fx = (float)x, fy = (float)y;
            return op switch
            {
                "add" => fx + fy,
                "subtract" => fx - fy,
                "multiply" => fx * fy,
                "divide" => fx / fy,
                "maximum" => MathF.Max(fx, fy),
                "minimum" => MathF.Min(fx, fy),
                "equal" => fx == fy ? 1f : 0f,
                "greater" => fx > fy ? 1f : 0f,
                "less_equal" => fx <= fy ? 1f : 0f,
                _ => throw new InvalidOperationException(op),
            };
        }

        return op switch
        {
            "add" => x + y,
            "subtract" => x - y,
            "multiply" => x * y,
            "divide" => x / y,
            "maximum" => Math.Max(x, y),
            "minimum" => Math.Min(x, y),
            "equal" => x == y ? 1.0 : 0.0,
            "greater" => x > y ? 1.0 : 0.0,
            "less_equal" => x <= y ? 1.0 : 0.0,
            _ => throw new InvalidOperationException(op),
        };
    }

    /// <summary>Rounded standard normals with some NaNs, infinities, signed zeros and ties, in the element type.</summary>
    private static Tensor Values(int length, uint salt, DType dtype)
    {
        var rng = new RandomState((uint)(length * 7919) + salt);
        double[] values = new double[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (i % 13) switch
            {
                3 => double.NaN,
                5 => i % 2 == 0 ? 0.0 : -0.0,
                7 => i % 3 == 0 ? double.PositiveInfinity : double.NegativeInfinity,
                9 => Math.Round(rng.NextGaussian()), // ties for == and <=
                _ => rng.NextGaussian() * 3.0,
            };
        }

        return Tensor.FromArray(values, length).To(dtype);
    }

    private static void AssertSame(Tensor actual, double[] expected, string what)
    {
        double[] values = actual.ToArray();
        Assert.That(values.Length, Is.EqualTo(expected.Length), what);
        for (int i = 0; i < values.Length; i++)
        {
            bool same = BitConverter.DoubleToInt64Bits(values[i]) == BitConverter.DoubleToInt64Bits(expected[i])
                || (double.IsNaN(values[i]) && double.IsNaN(expected[i]));
            if (!same)
            {
                Assert.Fail(string.Create(CultureInfo.InvariantCulture, $"{what}[{i}]: expected {expected[i]:R}, got {values[i]:R}"));
            }
        }
    }
}
