namespace TinyTensor.Tests.Tensors;

/// <summary>Operands of different element types: every op throws an <see cref="ArgumentException"/> naming the op and
/// both types (issue 10: no silent promotion), and so does a destination of another type.</summary>
[TestFixture]
public sealed class MixedTypeTests
{
    private static readonly (string Name, Func<Tensor, Tensor, Tensor> Op)[] ResultForms =
    [
        ("Add", Tensor.Add), ("Subtract", Tensor.Subtract), ("Multiply", Tensor.Multiply), ("Divide", Tensor.Divide),
        ("Maximum", Tensor.Maximum), ("Minimum", Tensor.Minimum), ("Add", (a, b) => a + b), ("Subtract", (a, b) => a - b),
        ("Multiply", (a, b) => a * b), ("Divide", (a, b) => a / b), ("Equal", Tensor.Equal), ("Greater", Tensor.Greater),
        ("GreaterEqual", Tensor.GreaterEqual), ("Less", Tensor.Less), ("LessEqual", Tensor.LessEqual),
        ("MatMul", Tensor.MatMul),
    ];

    private static readonly (string Name, Action<Tensor, Tensor, Tensor> Op)[] DestinationForms =
    [
        ("Add", Tensor.Add), ("Subtract", Tensor.Subtract), ("Multiply", Tensor.Multiply), ("Divide", Tensor.Divide),
        ("Maximum", Tensor.Maximum), ("Minimum", Tensor.Minimum), ("MatMul", Tensor.MatMul),
    ];

    private static IEnumerable<TestCaseData> ResultCases() =>
        ResultForms.Select((f, i) => new TestCaseData(i).SetName($"{f.Name} (result form {i})"));

    private static IEnumerable<TestCaseData> DestinationCases() =>
        DestinationForms.Select((f, i) => new TestCaseData(i).SetName($"{f.Name} (destination form)"));

    [TestCaseSource(nameof(ResultCases))]
    public void MixedOperands_ThrowNamingTheOpAndBothTypes(int index)
    {
        (string name, Func<Tensor, Tensor, Tensor> op) = ResultForms[index];
        Tensor f64 = Tensor.Ones(3, 3);
        Tensor f32 = Tensor.Ones(DType.Float32, 3, 3);

        var e1 = Assert.Throws<ArgumentException>(() => op(f64, f32))!;
        var e2 = Assert.Throws<ArgumentException>(() => op(f32, f64))!;

        Assert.That(e1.Message, Does.StartWith(name + ":").And.Contain("a is float64").And.Contain("b is float32"));
        Assert.That(e2.Message, Does.StartWith(name + ":").And.Contain("a is float32").And.Contain("b is float64"));
    }

    [TestCaseSource(nameof(DestinationCases))]
    public void DestinationForms_RejectMixedOperands_AndADestinationOfAnotherType(int index)
    {
        (string name, Action<Tensor, Tensor, Tensor> op) = DestinationForms[index];
        Tensor f64 = Tensor.Ones(3, 3);
        Tensor f32 = Tensor.Ones(DType.Float32, 3, 3);

        var mixed = Assert.Throws<ArgumentException>(() => op(f64, f32, new Tensor(3, 3)))!;
        var wrongDestination = Assert.Throws<ArgumentException>(() => op(f32, f32, new Tensor(DType.Float64, 3, 3)))!;
        var wrongDestination64 = Assert.Throws<ArgumentException>(() => op(f64, f64, new Tensor(DType.Float32, 3, 3)))!;

        Assert.That(mixed.Message, Does.StartWith(name + ":").And.Contain("float64").And.Contain("float32"));
        Assert.That(wrongDestination.ParamName, Is.EqualTo("destination"));
        Assert.That(wrongDestination.Message, Does.StartWith(name + ":").And.Contain("destination is float64").And.Contain("a is float32"));
        Assert.That(wrongDestination64.Message, Does.Contain("destination is float32").And.Contain("a is float64"));
    }

    [Test]
    public void ADoubleScalar_IsNotAMixedType_ItRoundsToTheTensorsType()
    {
        Tensor f32 = Tensor.Ones(DType.Float32, 2);

        Assert.That((f32 + 0.1).DType, Is.EqualTo(DType.Float32));
        Assert.That((0.1 * f32).DType, Is.EqualTo(DType.Float32));
        Assert.That(Tensor.Greater(f32, 0.5).DType, Is.EqualTo(DType.Float32));
        Assert.That(f32.Pow(2.0).DType, Is.EqualTo(DType.Float32));
    }
}
