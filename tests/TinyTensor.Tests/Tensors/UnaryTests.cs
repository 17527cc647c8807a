using System.Text.Json;
using TinyTensor.Tests.Support;

namespace TinyTensor.Tests.Tensors;

/// <summary>Elementwise functions against NumPy: exact ones bit for bit, transcendental ones within a few ulp.</summary>
[TestFixture]
public sealed class UnaryTests
{
    private static IEnumerable<TestCaseData> Cases() => TensorOpsFixture.Cases("unary", e =>
        e.GetProperty("op").GetString() + (e.TryGetProperty("values", out _) ? " (special values)" : " (randn)"));

    [TestCaseSource(nameof(Cases))]
    public void UnaryOp_MatchesNumPy(string section, int index)
    {
        JsonElement e = TensorOpsFixture.Case(section, index);
        Tensor x = e.TryGetProperty("values", out JsonElement values)
            ? Tensor.FromArray(TensorOpsFixture.Doubles(values), values.GetArrayLength())
            : TensorOpsFixture.Input(e.GetProperty("a"));
        double[] expected = TensorOpsFixture.Doubles(e.GetProperty("out"));
        string op = e.GetProperty("op").GetString()!;
        (Tensor result, bool exact) = op switch
        {
            "abs" => (x.Abs(), true),
            "sqrt" => (x.Sqrt(), true),
            "negative" => (-x, true),
            "clip" => (x.Clip(-0.5, 0.75), true),
            "pow_half" => (x.Pow(0.5), false),
            "pow2" => (x.Pow(2.0), false),
            "pow_m1_5" => (x.Pow(-1.5), false),
            "exp" => (x.Exp(), false),
            "log" => (x.Log(), false),
            "tanh" => (x.Tanh(), false),
            _ => throw new InvalidOperationException(op),
        };

        if (exact)
        {
            AssertTensor.BitwiseEqual(result.AsReadOnlySpan(), expected, op);
        }
        else
        {
            AssertWithinUlps(result.AsReadOnlySpan(), expected, 4, op);
        }
    }

    [Test]
    public void OutOfDomainInputs_GiveNaN_NotAnException()
    {
        Tensor negative = Tensor.FromArray([-1.0, -4.0], 2);

        Assert.That(negative.Log().ToArray(), Is.All.NaN);
        Assert.That(negative.Sqrt().ToArray(), Is.All.NaN);
        Assert.That(negative.Pow(0.5).ToArray(), Is.All.NaN);
        Assert.That(Tensor.FromArray([0.0], 1).Log()[0], Is.EqualTo(double.NegativeInfinity));
    }

    [Test]
    public void Clip_WithMinAboveMax_GivesMaxEverywhere_AsNumPy() =>
        Assert.That(Tensor.FromArray([-5.0, 0.0, 5.0], 3).Clip(2.0, 1.0).ToArray(), Is.EqualTo(new[] { 1.0, 1.0, 1.0 }));

    private static void AssertWithinUlps(ReadOnlySpan<double> actual, ReadOnlySpan<double> expected, long ulps, string what)
    {
        Assert.That(actual.Length, Is.EqualTo(expected.Length));
        for (int i = 0; i < actual.Length; i++)
        {
            if (double.IsNaN(expected[i]) || double.IsInfinity(expected[i]) || expected[i] == 0)
            {
                Assert.That(actual[i], Is.EqualTo(expected[i]), $"{what}[{i}]"); // NUnit: NaN equals NaN
                continue;
            }

            long distance = Math.Abs(BitConverter.DoubleToInt64Bits(actual[i]) - BitConverter.DoubleToInt64Bits(expected[i]));
            Assert.That(distance, Is.LessThanOrEqualTo(ulps), $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }
}
