using System.Text.Json;

namespace TinyTensor.Tests.Tensors;

/// <summary>Reductions of float32 tensors against NumPy's float32 reductions, bit for bit: along every axis of 2-D and
/// 3-D arrays, over whole arrays, on runs longer than NumPy's 8192-element buffer and at lengths around its pairwise
/// blocks, and on NaN/tie/±0/inf rows. NumPy sums, means and variances of float32 stay in float32.</summary>
[TestFixture]
public sealed class Float32ReductionTests
{
    private static IEnumerable<TestCaseData> Cases() => Float32Fixture.Cases("reductions", e =>
    {
        string input = e.TryGetProperty("a", out JsonElement a)
            ? TensorOpsFixture.ShapeText(TensorOpsFixture.Shape(a.GetProperty("shape")))
            : e.GetProperty("name").GetString() + " " + TensorOpsFixture.ShapeText(TensorOpsFixture.Shape(e.GetProperty("values_shape")));
        string axis = e.GetProperty("axis").ValueKind == JsonValueKind.Null ? "all" : $"axis {e.GetProperty("axis").GetInt32()}";
        return $"{e.GetProperty("op").GetString()} {input} {axis} ddof {e.GetProperty("ddof").GetInt32()} keepdims {e.GetProperty("keepdims").GetBoolean()}";
    });

    [TestCaseSource(nameof(Cases))]
    public void Reduction_EqualsNumPysFloat32BitForBit(string section, int index)
    {
        JsonElement e = Float32Fixture.Case(section, index);
        Tensor x = Float32Fixture.InputOf(e, "values_shape");
        string op = e.GetProperty("op").GetString()!;
        bool keepDims = e.GetProperty("keepdims").GetBoolean();
        int ddof = e.GetProperty("ddof").GetInt32();
        JsonElement expected = e.GetProperty("out");

        if (e.GetProperty("axis").ValueKind == JsonValueKind.Null)
        {
            if (op.StartsWith("arg", StringComparison.Ordinal))
            {
                Assert.That(op == "argmax" ? x.ArgMax() : x.ArgMin(), Is.EqualTo(expected[0].GetInt32()));
                return;
            }

            double value = op switch
            {
                "sum" => x.Sum(),
                "mean" => x.Mean(),
                "max" => x.Max(),
                "min" => x.Min(),
                "var" when ddof == 0 => x.Var(),
                "std" when ddof == 0 => x.Std(),
                "var" => x.Reshape(x.Length).Var(0, ddof)[0],
                "std" => x.Reshape(x.Length).Std(0, ddof)[0],
                _ => throw new InvalidOperationException(op),
            };
            Assert.That((double)(float)value, Is.EqualTo(value).Or.NaN, "a float32 result, widened exactly");
            Float32Fixture.BitwiseEqual([(float)value], Float32Fixture.Floats(expected), op);
            return;
        }

        int axis = e.GetProperty("axis").GetInt32();
        if (op.StartsWith("arg", StringComparison.Ordinal))
        {
            int[] indices = op == "argmax" ? x.ArgMax(axis) : x.ArgMin(axis);
            Assert.That(indices, Is.EqualTo(expected.EnumerateArray().Select(v => v.GetInt32()).ToArray()));
            return;
        }

        Tensor result = op switch
        {
            "sum" => x.Sum(axis, keepDims),
            "mean" => x.Mean(axis, keepDims),
            "max" => x.Max(axis, keepDims),
            "min" => x.Min(axis, keepDims),
            "var" => x.Var(axis, ddof, keepDims),
            "std" => x.Std(axis, ddof, keepDims),
            _ => throw new InvalidOperationException(op),
        };
        int[] expectedShape = TensorOpsFixture.Shape(e.GetProperty("shape"));
        Assert.That(result.DType, Is.EqualTo(DType.Float32), "a reduction keeps the element type");
        Assert.That(result.Shape, Is.EqualTo(expectedShape.Length == 0 ? new[] { 1 } : expectedShape), "shape (a 0-d NumPy result is (1,) here)");
        Float32Fixture.BitwiseEqual(result.AsReadOnlySpan<float>(), Float32Fixture.Floats(expected), op);
    }

    [Test]
    public void TheFixture_ChecksEveryReductionAlongEveryAxisOfA2DAndA3DArray_AndRunsPastNumPysBuffer()
    {
        JsonElement[] cases = [.. Float32Fixture.Root.GetProperty("reductions").EnumerateArray()];
        var covered = cases
            .Where(e => e.TryGetProperty("a", out _) && e.GetProperty("axis").ValueKind != JsonValueKind.Null)
            .Select(e => (Rank: e.GetProperty("a").GetProperty("shape").GetArrayLength(), Op: e.GetProperty("op").GetString(), Axis: e.GetProperty("axis").GetInt32()))
            .ToHashSet();
        foreach (string op in new[] { "sum", "mean", "max", "min", "var", "std", "argmax", "argmin" })
        {
            for (int rank = 2; rank <= 3; rank++)
            {
                for (int axis = -rank; axis < rank; axis++)
                {
                    Assert.That(covered, Does.Contain((rank, op, axis)), $"{op} axis {axis} of a {rank}-D array");
                }
            }
        }

        int longest = cases.Where(e => e.TryGetProperty("a", out _))
            .Max(e => TensorOpsFixture.Shape(e.GetProperty("a").GetProperty("shape")).Aggregate(1, (p, d) => p * d));
        Assert.That(longest, Is.GreaterThan(3 * 8192), "whole-array sums over several 8192-element buffers");
    }

    [Test]
    public void Float32Sum_AccumulatesInFloat32_NotInFloat64()
    {
        // Eight values, one block of NumPy's eight running sums combined as ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)):
        // in float32, 1 + 2⁻²⁴ rounds (half to even) back to 1, so one small term is lost; a float64 accumulation keeps it.
        float[] values = [1f, .. Enumerable.Repeat(MathF.Pow(2, -24), 7)];
        Tensor x = Tensor.FromArray(values, values.Length);

        Assert.That(x.Sum(), Is.EqualTo((double)((1f + MathF.Pow(2, -24)) + (2 * MathF.Pow(2, -24)) + (4 * MathF.Pow(2, -24)))));
        Assert.That(x.To(DType.Float64).Sum(), Is.EqualTo(1 + (7 * Math.Pow(2, -24))));
    }
}

/// <summary>Behaviour both element types share: result types and shapes, negative axes, errors on empty input.</summary>
[TestFixture]
public sealed class ReductionShapeTests
{
    private static Tensor Sample(DType dtype) => new RandomState(3).Randn(dtype, 2, 3, 4);

    [Test]
    public void AxisReductions_KeepTheElementType([Values] DType dtype)
    {
        Tensor x = Sample(dtype);

        Assert.That(new[] { x.Sum(1), x.Mean(1), x.Max(1), x.Min(1), x.Var(1), x.Std(1) }.Select(t => t.DType), Is.All.EqualTo(dtype));
    }

    [Test]
    public void KeepDims_KeepsTheReducedAxisWithLengthOne([Values] DType dtype)
    {
        Tensor x = Sample(dtype);

        Assert.That(x.Sum(1, keepDims: true).Shape, Is.EqualTo(new[] { 2, 1, 4 }));
        Assert.That(x.Var(-1, ddof: 1, keepDims: true).Shape, Is.EqualTo(new[] { 2, 3, 1 }));
        Assert.That(x.Max(0).Shape, Is.EqualTo(new[] { 3, 4 }));
    }

    [Test]
    public void ANegativeAxis_CountsFromTheEnd([Values] DType dtype)
    {
        Tensor x = Sample(dtype);

        Assert.That(x.Mean(-1).ToArray(), Is.EqualTo(x.Mean(2).ToArray()));
        Assert.That(x.Std(-3, ddof: 1).ToArray(), Is.EqualTo(x.Std(0, ddof: 1).ToArray()));
        Assert.That(x.ArgMin(-2), Is.EqualTo(x.ArgMin(1)));
    }

    [Test]
    public void MaxOfAnEmptyTensor_Throws([Values] DType dtype) =>
        Assert.That(() => new Tensor(dtype, 0).Max(), Throws.InvalidOperationException.With.Message.Contains("empty"));

    [Test]
    public void ArgMaxAlongAnEmptyAxis_Throws([Values] DType dtype) =>
        Assert.That(() => new Tensor(dtype, 2, 0).ArgMax(1), Throws.InvalidOperationException.With.Message.Contains("length 0"));

    [Test]
    public void ANegativeDdof_IsRejected([Values] DType dtype)
    {
        Assert.That(() => Sample(dtype).Var(0, ddof: -1), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("ddof"));
        Assert.That(() => Sample(dtype).Std(0, ddof: -1), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("ddof"));
    }

    [Test]
    public void AnAxisOutOfRange_IsRejected([Values] DType dtype) =>
        Assert.That(() => Sample(dtype).Sum(3), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("axis"));
}
