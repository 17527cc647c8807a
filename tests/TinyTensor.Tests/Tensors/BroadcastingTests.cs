using System.Text.Json;
using TinyTensor.Tests.Support;

namespace TinyTensor.Tests.Tensors;

/// <summary>Elementwise binary ops with NumPy broadcasting, against NumPy's results bit for bit.</summary>
[TestFixture]
public sealed class BroadcastingTests
{
    private static IEnumerable<TestCaseData> Binary() => TensorOpsFixture.Cases("binary", e =>
        $"{e.GetProperty("op").GetString()} {Shape(e.GetProperty("a"))}∘{Shape(e.GetProperty("b"))}");

    private static IEnumerable<TestCaseData> Scalar() => TensorOpsFixture.Cases("scalar", e => e.GetProperty("op").GetString()!);

    [TestCaseSource(nameof(Binary))]
    public void BinaryOp_EqualsNumPyBitForBit(string section, int index)
    {
        JsonElement e = TensorOpsFixture.Case(section, index);
        Tensor a = TensorOpsFixture.Input(e.GetProperty("a"));
        Tensor b = TensorOpsFixture.Input(e.GetProperty("b"));
        Func<Tensor, Tensor, Tensor> op = OpNamed(e.GetProperty("op").GetString()!);

        Tensor result = op(a, b);

        Assert.That(result.Shape, Is.EqualTo(TensorOpsFixture.Shape(e.GetProperty("shape"))));
        AssertTensor.BitwiseEqual(result.AsReadOnlySpan(), TensorOpsFixture.Doubles(e.GetProperty("out")));
    }

    [TestCaseSource(nameof(Binary))]
    public void DestinationOverload_GivesTheSameBits(string section, int index)
    {
        JsonElement e = TensorOpsFixture.Case(section, index);
        string name = e.GetProperty("op").GetString()!;
        Action<Tensor, Tensor, Tensor>? op = DestinationOpNamed(name);
        if (op is null)
        {
            Assert.That(name, Does.StartWith("equal").Or.StartWith("greater").Or.StartWith("less"), "comparisons have no destination form");
            return;
        }

        Tensor a = TensorOpsFixture.Input(e.GetProperty("a"));
        Tensor b = TensorOpsFixture.Input(e.GetProperty("b"));
        var destination = new Tensor(TensorOpsFixture.Shape(e.GetProperty("shape")));

        op(a, b, destination);

        AssertTensor.BitwiseEqual(destination.AsReadOnlySpan(), TensorOpsFixture.Doubles(e.GetProperty("out")));
    }

    [TestCaseSource(nameof(Scalar))]
    public void ScalarOperators_EqualNumPyOnBothSides(string section, int index)
    {
        JsonElement e = TensorOpsFixture.Case(section, index);
        Tensor a = TensorOpsFixture.Input(e.GetProperty("a"));
        double s = e.GetProperty("scalar").GetDouble();
        (Tensor first, Tensor second) = e.GetProperty("op").GetString() switch
        {
            "add" => (a + s, s + a),
            "subtract" => (a - s, s - a),
            "multiply" => (a * s, s * a),
            "divide" => (a / s, s / a),
            var other => throw new InvalidOperationException(other),
        };

        AssertTensor.BitwiseEqual(first.AsReadOnlySpan(), TensorOpsFixture.Doubles(e.GetProperty("tensor_first")), "tensor ∘ scalar");
        AssertTensor.BitwiseEqual(second.AsReadOnlySpan(), TensorOpsFixture.Doubles(e.GetProperty("scalar_first")), "scalar ∘ tensor");
    }

    [Test]
    public void TheIssuesBroadcastShapes_AreAmongTheFixtures()
    {
        var pairs = TensorOpsFixture.Root.GetProperty("binary").EnumerateArray()
            .Select(e => $"{Shape(e.GetProperty("a"))}{Shape(e.GetProperty("b"))}").ToHashSet();

        Assert.That(pairs, Does.Contain("(7, 13)(13,)").And.Contain("(7, 13)(7, 1)").And.Contain("(2, 3, 4)(3, 1)").And.Contain("(5, 1, 3)(4, 1)"));
    }

    [Test]
    public void Operators_MatchTheNamedOps()
    {
        Tensor a = new RandomState(3).Randn(4, 5);
        Tensor b = new RandomState(4).Randn(5);

        Assert.That((a + b).ToArray(), Is.EqualTo(Tensor.Add(a, b).ToArray()));
        Assert.That((a - b).ToArray(), Is.EqualTo(Tensor.Subtract(a, b).ToArray()));
        Assert.That((a * b).ToArray(), Is.EqualTo(Tensor.Multiply(a, b).ToArray()));
        Assert.That((a / b).ToArray(), Is.EqualTo(Tensor.Divide(a, b).ToArray()));
        Assert.That((-a).ToArray(), Is.EqualTo(a.ToArray().Select(v => -v).ToArray()));
    }

    [Test]
    public void Negation_FlipsTheSignOfZero()
    {
        Tensor z = -Tensor.FromArray([0.0, -0.0], 2);

        Assert.That(double.IsNegative(z[0]), Is.True);
        Assert.That(double.IsNegative(z[1]), Is.False);
    }

    [Test]
    public void Destination_MayBeAnInput()
    {
        Tensor a = new RandomState(5).Randn(6, 7);
        Tensor bias = new RandomState(6).Randn(7);
        double[] expected = (a + bias).ToArray();

        Tensor.Add(a, bias, a);

        Assert.That(a.ToArray(), Is.EqualTo(expected));
    }

    [Test]
    public void Destination_OverlappingAnInputOtherwise_ReadsTheInputBeforeWriting()
    {
        // a += a[0] (NumPy copies the overlapping operand): every row gets the original first row.
        Tensor a = Tensor.Arange(0, 12).Reshape(4, 3);
        double[] expected = (a + a[0..1].Clone()).ToArray();

        Tensor.Add(a, a[0..1], a);

        Assert.That(a.ToArray(), Is.EqualTo(expected));
    }

    [Test]
    public void DestinationOverload_AllocatesNothing()
    {
        Tensor a = new RandomState(7).Randn(64, 33);
        Tensor bias = new RandomState(8).Randn(33);
        Tensor column = new RandomState(9).Randn(64, 1);
        var destination = new Tensor(64, 33);
        Tensor.Add(a, bias, destination);
        Tensor.Multiply(a, column, destination);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
        {
            Tensor.Add(a, bias, destination);
            Tensor.Multiply(a, column, destination);
            Tensor.Maximum(a, a, destination);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [Test]
    public void ComparisonWithAScalar_GivesOnesAndZeros_AndNaNComparesFalse()
    {
        Tensor t = Tensor.FromArray([1.0, 2.0, double.NaN, 3.0], 4);

        Assert.That(Tensor.Greater(t, 1.5).ToArray(), Is.EqualTo(new[] { 0.0, 1.0, 0.0, 1.0 }));
        Assert.That(Tensor.LessEqual(t, 2.0).ToArray(), Is.EqualTo(new[] { 1.0, 1.0, 0.0, 0.0 }));
        Assert.That(Tensor.Equal(t, 2.0).ToArray(), Is.EqualTo(new[] { 0.0, 1.0, 0.0, 0.0 }));
        Assert.That(Tensor.GreaterEqual(t, 3.0).ToArray(), Is.EqualTo(new[] { 0.0, 0.0, 0.0, 1.0 }));
        Assert.That(Tensor.Less(t, 3.0).ToArray(), Is.EqualTo(new[] { 1.0, 1.0, 0.0, 0.0 }));
    }

    [Test]
    public void MaximumAndMinimum_PropagateNaN()
    {
        Tensor a = Tensor.FromArray([1.0, double.NaN, 3.0], 3);
        Tensor b = Tensor.FromArray([double.NaN, 2.0, 1.0], 3);

        Assert.That(Tensor.Maximum(a, b).ToArray(), Is.EqualTo(new[] { double.NaN, double.NaN, 3.0 }));
        Assert.That(Tensor.Minimum(a, b).ToArray(), Is.EqualTo(new[] { double.NaN, double.NaN, 1.0 }));
        Assert.That(Tensor.Maximum(a, 2.0).ToArray(), Is.EqualTo(new[] { 2.0, double.NaN, 3.0 }));
    }

    [Test]
    public void SameShapeOps_AreRightAtEveryLength()
    {
        // Every vector width and remainder: lengths 0..70 against the scalar definition.
        var rng = new RandomState(11);
        for (int n = 0; n <= 70; n++)
        {
            Tensor a = rng.Randn(n), b = rng.Randn(n);
            double[] x = a.ToArray(), y = b.ToArray();
            Assert.That((a * b).ToArray(), Is.EqualTo(x.Zip(y, (p, q) => p * q).ToArray()), $"n = {n}");
            Assert.That(Tensor.Less(a, b).ToArray(), Is.EqualTo(x.Zip(y, (p, q) => p < q ? 1.0 : 0.0).ToArray()), $"n = {n}");
            Assert.That((2.0 - a).ToArray(), Is.EqualTo(x.Select(p => 2.0 - p).ToArray()), $"n = {n}");
        }
    }

    [Test]
    public void BroadcastShape_FollowsNumPy() =>
        Assert.That(Tensor.BroadcastShape(new Tensor(8, 1, 6, 1), new Tensor(7, 1, 5)), Is.EqualTo(new[] { 8, 7, 6, 5 }));

    private static string Shape(JsonElement spec) => TensorOpsFixture.ShapeText(TensorOpsFixture.Shape(spec.GetProperty("shape")));

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
}
