using System.Text.Json.Nodes;
using TinyTensor.Layers;
using TinyTensor.Serialization;
using TinyTensor.Tests.Support;

namespace TinyTensor.Tests.Serialization;

/// <summary>
/// PyTorch's BatchNorm counter: every PyTorch state_dict holds <c>num_batches_tracked</c> as a 0-d int64 tensor (I64,
/// shape []), where TinyTensor keeps a (1,) tensor of the model's type. The I64 counter loads, converted; I64 anywhere
/// else is still refused by name.
/// </summary>
[TestFixture]
public sealed class BatchNormCounterFileTests
{
    private static readonly double[] Weight = [1.5, -0.25, 2.0];
    private static readonly double[] Bias = [0.125, 0.5, -1.0];
    private static readonly double[] Mean = [0.1, -0.2, 0.3];
    private static readonly double[] Var = [1.25, 0.75, 2.5];

    /// <summary>nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3))'s state_dict as PyTorch saves it.</summary>
    private static byte[] TorchStateDict(string floatType, string counterType = "I64", int[]? counterShape = null, JsonObject? metadata = null) =>
        SafeTensorsTestFile.Write([
            ("0.weight", floatType, [3, 2], [0.5, -1.0, 0.25, 2.0, -0.75, 1.0]),
            ("0.bias", floatType, [3], [0.0, 0.5, -0.5]),
            ("1.weight", floatType, [3], Weight),
            ("1.bias", floatType, [3], Bias),
            ("1.running_mean", floatType, [3], Mean),
            ("1.running_var", floatType, [3], Var),
            ("1.num_batches_tracked", counterType, counterShape ?? [], Enumerable.Repeat(7.0, (counterShape ?? []).Aggregate(1, (n, d) => n * d)).ToArray()),
        ], metadata);

    private static Sequential Model() => new(new Linear(2, 3, new RandomState(0)), new BatchNorm1d(3));

    [Test]
    public void APyTorchI64Counter_LoadsIntoAFloat64Model_AsItsValue()
    {
        Sequential model = Model();
        ModelFile.LoadStateDict(model, new MemoryStream(TorchStateDict("F64")));
        var norm = (BatchNorm1d)model.Modules[1];
        Assert.That(norm.NumBatchesTracked.ToArray(), Is.EqualTo(new[] { 7.0 }));
        AssertTensor.BitwiseEqual(norm.RunningVar.AsReadOnlySpan(), Var, "running_var");
        AssertTensor.BitwiseEqual(norm.Weight.AsReadOnlySpan(), Weight, "weight");
        Assert.That(model.DType, Is.EqualTo(DType.Float64));
    }

    [Test]
    public void AFloat32StateDict_WithItsI64Counter_LoadsAsFloat64_WhenAsked()
    {
        Sequential model = Model();
        ModelFile.LoadStateDict(model, new MemoryStream(TorchStateDict("F32")), DType.Float64);
        var norm = (BatchNorm1d)model.Modules[1];
        Assert.That(norm.NumBatchesTracked.ToArray(), Is.EqualTo(new[] { 7.0 }));
        AssertTensor.BitwiseEqual(norm.RunningMean.AsReadOnlySpan(), Array.ConvertAll(Mean, v => (double)(float)v), "running_mean");
    }

    [Test]
    public void TheCounter_TakesTheOtherTensorsType_SoItNeverCountsAsAMix()
    {
        // F64 tensors and an I64 counter: the file's type is float64, not "mixed".
        Sequential model = Model();
        Assert.That(() => ModelFile.LoadStateDict(model, new MemoryStream(TorchStateDict("F64"))), Throws.Nothing);
    }

    [Test]
    public void TinyTensorsOwnCounter_OfShapeOne_LoadsToo()
    {
        Sequential model = Model();
        ModelFile.LoadStateDict(model, new MemoryStream(TorchStateDict("F64", counterShape: [1])));
        Assert.That(((BatchNorm1d)model.Modules[1]).NumBatchesTracked.ToArray(), Is.EqualTo(new[] { 7.0 }));
    }

    [Test]
    public void ATinyTensorFile_WithPyTorchsCounter_LoadsToo()
    {
        (JsonObject header, _) = ModelFileTestData.Split(ModelFileTestData.Bytes(Model()));
        var metadata = (JsonObject)header["__metadata__"]!.DeepClone();
        metadata.Remove("dtype");
        Sequential loaded = ModelFileTestData.Load(TorchStateDict("F64", metadata: metadata));
        Assert.That(((BatchNorm1d)loaded.Modules[1]).NumBatchesTracked.ToArray(), Is.EqualTo(new[] { 7.0 }));
        Assert.That(loaded.DType, Is.EqualTo(DType.Float64));
    }

    [Test]
    public void ACounterOfAnotherShape_IsAShapeMismatch()
    {
        Assert.That(() => ModelFile.LoadStateDict(Model(), new MemoryStream(TorchStateDict("F64", counterShape: [2]))),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("1.num_batches_tracked is [2] in the file"));
    }

    [Test]
    public void I64ElsewhereThanTheCounter_IsStillRefusedByName()
    {
        byte[] file = SafeTensorsTestFile.Write([("1.running_mean", "I64", [3], [1, 2, 3])]);
        Assert.That(() => ModelFile.LoadStateDict(Model(), new MemoryStream(file)), Throws.TypeOf<InvalidDataException>()
            .With.Message.Contains("tensor \"1.running_mean\" has dtype I64, which TinyTensor does not read")
            .And.Message.Contains("I64 only as a BatchNorm's num_batches_tracked"));
    }
}
