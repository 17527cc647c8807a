using System.Text.Json;
using TinyTensor.Tests.Support;

namespace TinyTensor.Tests.Tensors;

/// <summary>Reductions along every axis of 2-D and 3-D arrays and over whole arrays, against NumPy bit for bit.</summary>
[TestFixture]
public sealed class ReductionTests
{
    private static IEnumerable<TestCaseData> Cases() => TensorOpsFixture.Cases("reductions", e =>
    {
        string shape = e.TryGetProperty("a", out JsonElement a)
            ? TensorOpsFixture.ShapeText(TensorOpsFixture.Shape(a.GetProperty("shape")))
            : "special " + TensorOpsFixture.ShapeText(TensorOpsFixture.Shape(e.GetProperty("values_shape")));
        string axis = e.GetProperty("axis").ValueKind == JsonValueKind.Null ? "all" : $"axis {e.GetProperty("axis").GetInt32()}";
        return $"{e.GetProperty("op").GetString()} {shape} {axis} ddof {e.GetProperty("ddof").GetInt32()} keepdims {e.GetProperty("keepdims").GetBoolean()}";
    });

    [TestCaseSource(nameof(Cases))]
    public void Reduction_EqualsNumPyBitForBit(string section, int index)
    {
        JsonElement e = TensorOpsFixture.Case(section, index);
        Tensor x = TensorOpsFixture.InputOf(e);
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
                "var" => x.Var(),
                "std" => x.Std(),
                _ => throw new InvalidOperationException(op),
            };
            AssertTensor.BitwiseEqual([value], TensorOpsFixture.Doubles(expected), op);
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
        Assert.That(result.Shape, Is.EqualTo(expectedShape.Length == 0 ? new[] { 1 } : expectedShape), "shape (a 0-d NumPy result is (1,) here)");
        AssertTensor.BitwiseEqual(result.AsReadOnlySpan(), TensorOpsFixture.Doubles(expected), op);
    }

    [Test]
    public void EveryReduction_IsCheckedAlongEveryAxisOfA2DAndA3DArray()
    {
        var covered = TensorOpsFixture.Root.GetProperty("reductions").EnumerateArray()
            .Where(e => e.TryGetProperty("a", out _) && e.GetProperty("axis").ValueKind != JsonValueKind.Null)
            .Select(e => (Rank: e.GetProperty("a").GetProperty("shape").GetArrayLength(), Op: e.GetProperty("op").GetString(), Axis: e.GetProperty("axis").GetInt32()))
            .ToHashSet();

        foreach (string op in new[] { "sum", "mean", "max", "min", "var", "std", "argmax", "argmin" })
        {
            for (int rank = 2; rank <= 3; rank++)
            {
                for (int axis = 0; axis < rank; axis++)
                {
                    Assert.That(covered, Does.Contain((rank, op, axis)), $"{op} axis {axis} of a {rank}-D array");
                }
            }
        }
    }

    [Test]
    public void ArgMax_TakesTheFirstOfTies_AndTheFirstNaN()
    {
        Tensor t = Tensor.FromArray([1.0, 3.0, 3.0, double.NaN, 3.0, double.NaN], 6);

        Assert.That(t[..3].ArgMax(), Is.EqualTo(1));
        Assert.That(t.ArgMax(), Is.EqualTo(3));
        Assert.That(t.ArgMin(), Is.EqualTo(3));
    }

    [Test]
    public void ArgMax_OfLongRows_IsRightOnEveryVectorPath()
    {
        var rng = new RandomState(21);
        for (int n = 1; n <= 40; n++)
        {
            Tensor t = rng.Randn(3, n);
            int[] arg = t.ArgMax(1);
            for (int r = 0; r < 3; r++)
            {
                double[] row = t.Row(r).ToArray();
                Assert.That(arg[r], Is.EqualTo(Array.IndexOf(row, row.Max())), $"n = {n}, row {r}");
            }
        }
    }

    [Test]
    public void ArgMaxAndArgMin_WithTiesAndNaNs_FollowNumPysRuleAtEveryLength()
    {
        // Values in {-2, …, 2} so every row has ties; every third row gets a NaN somewhere.
        var rng = new RandomState(33);
        for (int n = 1; n <= 130; n++)
        {
            for (int trial = 0; trial < 3; trial++)
            {
                double[] row = [.. rng.RandInt(-2, 3, n).Select(v => (double)v)];
                if (trial == 2)
                {
                    row[rng.RandInt(0, n, 1)[0]] = double.NaN;
                }

                Tensor t = Tensor.FromArray(row, n);
                Assert.That(t.ArgMax(), Is.EqualTo(NumPyArg(row, (a, b) => a > b)), $"argmax, n = {n}, trial {trial}");
                Assert.That(t.ArgMin(), Is.EqualTo(NumPyArg(row, (a, b) => a < b)), $"argmin, n = {n}, trial {trial}");
            }
        }
    }

    [Test]
    public void ArgMaxOfALongRowWithBothInfinities_IsNotMistakenForNaN()
    {
        double[] row = [.. Enumerable.Range(0, 40).Select(i => (double)(i % 7))];
        row[5] = double.NegativeInfinity;
        row[21] = double.PositiveInfinity;

        Tensor t = Tensor.FromArray(row, 40);

        Assert.That(t.ArgMax(), Is.EqualTo(21));
        Assert.That(t.ArgMin(), Is.EqualTo(5));
    }

    [Test]
    public void SumOfAView_SumsOnlyItsElements()
    {
        Tensor t = Tensor.Arange(0, 10);

        Assert.That(t[2..5].Sum(), Is.EqualTo(2.0 + 3.0 + 4.0));
    }

    [Test]
    public void ReductionsOfEmptyTensors_FollowNumPy()
    {
        var empty = new Tensor(0, 3);

        Assert.That(empty.Sum(), Is.EqualTo(0.0));
        Assert.That(empty.Mean(), Is.NaN);
        Assert.That(empty.Sum(0).ToArray(), Is.EqualTo(new double[3]));
        Assert.That(empty.Sum(1).Shape, Is.EqualTo(new[] { 0 }));
        Assert.That(empty.Max(1).Shape, Is.EqualTo(new[] { 0 }));
    }

    /// <summary>NumPy's loop (numpy/core/src/multiarray/argfunc.dispatch.c.src, scalar form): keep the first, replace
    /// on a strict improvement; a NaN replaces a number and is final.</summary>
    private static int NumPyArg(double[] row, Func<double, double, bool> better)
    {
        int best = 0;
        for (int i = 1; i < row.Length && !double.IsNaN(row[best]); i++)
        {
            if (double.IsNaN(row[i]) || better(row[i], row[best]))
            {
                best = i;
            }
        }

        return best;
    }

    [Test]
    public void SumAlongAnAxis_AllocatesOnlyItsResult()
    {
        Tensor t = new RandomState(1).Randn(64, 64);
        t.Sum(0);
        t.Sum(1);

        long before = GC.GetAllocatedBytesForCurrentThread();
        t.Sum(0);
        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(bytes, Is.LessThan((64 * sizeof(double)) + 512), "the result's elements plus its object and shape");
    }
}
