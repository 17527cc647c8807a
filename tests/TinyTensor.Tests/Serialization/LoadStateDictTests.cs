using System.Text.Json.Nodes;
using TinyTensor.Layers;
using TinyTensor.Serialization;
using TinyTensor.Tests.Support;

namespace TinyTensor.Tests.Serialization;

/// <summary>
/// <see cref="ModelFile.LoadStateDict(Layer, Stream, ModelFileLimits?)"/>: a state_dict file (PyTorch's names and
/// shapes, F64 or F32, with or without TinyTensor metadata) into a model built with the right architecture, as
/// <c>load_state_dict</c> does; every mismatch named, nothing changed on failure.
/// </summary>
[TestFixture]
public sealed class LoadStateDictTests
{
    private static Sequential Fresh() => ModelFileTestData.Small();

    /// <summary>The same architecture as <see cref="ModelFileTestData.Small"/>, other values.</summary>
    private static Sequential Other()
    {
        var rng = new RandomState(99);
        return new Sequential(new Linear(3, 4, rng), new ReLU(), new Linear(4, 2, rng), new Softmax());
    }

    [Test]
    public void AFileWithoutMetadata_InPyTorchsLayout_LoadsBitForBit()
    {
        Sequential source = Fresh();
        Sequential target = Other();
        ModelFile.LoadStateDict(target, new MemoryStream(SafeTensorsTestFile.StateDictOf(source)));
        ModelFileTestData.AssertSameModel(target, source);
    }

    [Test]
    public void ATinyTensorFile_OfEveryVersion_LoadsIntoAModel()
    {
        Sequential source = Fresh();
        byte[] version3 = ModelFileTestData.Bytes(source);
        foreach (byte[] file in new[] { version3, ModelFileTestData.InMemoryLayout(version3, "1"), ModelFileTestData.InMemoryLayout(version3, "2") })
        {
            Sequential target = Other();
            ModelFile.LoadStateDict(target, new MemoryStream(file));
            ModelFileTestData.AssertSameModel(target, source);
        }
    }

    [Test]
    public void F32Tensors_AreWidenedToDoubleExactly_WhenFloat64IsAsked()
    {
        Sequential source = Fresh();
        Sequential target = Other();
        ModelFile.LoadStateDict(target, new MemoryStream(SafeTensorsTestFile.StateDictOf(source, "F32")), DType.Float64);
        Assert.That(target.DType, Is.EqualTo(DType.Float64));
        for (int i = 0; i < source.Parameters.Count; i++)
        {
            double[] expected = Array.ConvertAll(source.Parameters[i].ToArray(), v => (double)(float)v);
            AssertTensor.BitwiseEqual(target.Parameters[i].AsReadOnlySpan(), expected, $"parameter {i}");
        }
    }

    [Test]
    public void F32Tensors_LoadInATinyTensorFileToo_AsAFloat32Model()
    {
        Sequential source = Fresh();
        (JsonObject header, _) = ModelFileTestData.Split(ModelFileTestData.Bytes(source));
        var metadata = (JsonObject)header["__metadata__"]!.DeepClone();
        metadata.Remove("dtype"); // a writer that records no type: the tensors' F32 decides
        byte[] file = SafeTensorsTestFile.Write(
            source.NamedParameters().Select(p => (p.Name, "F32", header[p.Name]!["shape"]!.AsArray().Select(d => d!.GetValue<int>()).ToArray(),
                p.Parameter.Value.Rank == 2 ? ModelFileTestData.Transposed(p.Parameter.Value) : p.Parameter.Value.ToArray())),
            metadata);
        Sequential loaded = ModelFileTestData.Load(file);
        Assert.That(loaded.DType, Is.EqualTo(DType.Float32));
        Assert.That(loaded.Parameters[0].AsReadOnlySpan<float>().ToArray(), Is.EqualTo(Array.ConvertAll(source.Parameters[0].ToArray(), v => (float)v)), "0.weight");
    }

    [Test]
    public void EveryMismatch_IsNamed_MissingUnexpectedAndWrongShapeWithBothShapes()
    {
        Sequential source = Fresh();
        Tensor w = source.Parameters[0];
        byte[] file = SafeTensorsTestFile.Write(
        [
            ("0.weight", "F64", [3, 4], w.ToArray()),                  // TinyTensor's memory shape, not PyTorch's [4, 3]
            ("0.bias", "F64", [4], source.Parameters[1].ToArray()),
            ("2.weight", "F64", [2, 4], ModelFileTestData.Transposed(source.Parameters[2])),
            ("3.weight", "F64", [2], [1.0, 2.0]),                       // no such parameter; 2.bias missing
        ]);
        Sequential target = Other();
        double[][] before = [.. target.Parameters.Select(p => p.ToArray())];

        Assert.That(() => ModelFile.LoadStateDict(target, new MemoryStream(file)),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("missing from the file: 2.bias [2]")
                .And.Message.Contains("not in the model: 3.weight [2]")
                .And.Message.Contains("wrong shape: 0.weight is [3, 4] in the file, but the model's Linear(3, 4)'s weight needs [4, 3]"));
        for (int i = 0; i < before.Length; i++)
        {
            AssertTensor.BitwiseEqual(target.Parameters[i].AsReadOnlySpan(), before[i], $"parameter {i} unchanged");
        }
    }

    [Test]
    public void AFileThatEndsEarly_LeavesTheModelUntouched()
    {
        byte[] file = SafeTensorsTestFile.StateDictOf(Fresh());
        Sequential target = Other();
        double[][] before = [.. target.Parameters.Select(p => p.ToArray())];
        using var stream = new LyingStream(file[..^8], file.Length);
        Assert.That(() => ModelFile.LoadStateDict(target, stream), Throws.TypeOf<InvalidDataException>().With.Message.Contains("the file ends before"));
        for (int i = 0; i < before.Length; i++)
        {
            AssertTensor.BitwiseEqual(target.Parameters[i].AsReadOnlySpan(), before[i], $"parameter {i} unchanged");
        }
    }

    [TestCase("BF16")]
    [TestCase("F16")]
    [TestCase("I64")]
    public void AnUnsupportedDtype_IsNamed(string dtype)
    {
        byte[] file = SafeTensorsTestFile.Write([("0.bias", "F64", [4], new double[4])]);
        (JsonObject header, byte[] data) = ModelFileTestData.Split(file);
        header["0.bias"]!["dtype"] = dtype;
        Assert.That(() => ModelFile.LoadStateDict(Other(), new MemoryStream(ModelFileTestData.Join(header, data))),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains($"tensor \"0.bias\" has dtype {dtype}, which TinyTensor does not read"));
    }

    [Test]
    public void AFileWithNeitherMetadataNorAnArchitecture_IsRefusedByLoad_WithTheWayOut()
    {
        string path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "pytorch-state-dict.safetensors");
        File.WriteAllBytes(path, SafeTensorsTestFile.StateDictOf(Fresh()));
        Assert.That(() => ModelFile.Load(path), Throws.TypeOf<InvalidDataException>().With.Message.StartsWith(path + ": ")
            .And.Message.Contains("does not say which network its tensors belong to").And.Message.Contains("ModelFile.LoadStateDict(model, path)"));

        Sequential target = Other();
        ModelFile.LoadStateDict(target, path);
        ModelFileTestData.AssertSameModel(target, Fresh());
    }

    [Test]
    public void AModelWithAnUnregisteredParametrisedLayer_IsAnArgumentException()
    {
        var model = new Sequential(new Linear(2, 2, new RandomState(0)), new UnregisteredWithWeight());
        Assert.That(() => ModelFile.LoadStateDict(model, new MemoryStream(SafeTensorsTestFile.StateDictOf(new Linear(2, 2, new RandomState(0))))),
            Throws.ArgumentException.With.Message.Contains("module 1 is a UnregisteredWithWeight, whose file layout is unknown"));
    }

    /// <summary>A layer with a parameter and no registered format.</summary>
    private sealed class UnregisteredWithWeight : Layer
    {
        public override IReadOnlyList<Parameter> OwnParameters { get; } = [new Parameter("weight", new Tensor(2))];

        public override Tensor Forward(Tensor input) => input;

        public override Tensor Backward(Tensor outputGradient) => outputGradient;
    }

    [Test]
    public void CreateArchitecture_BuildsTheNetworkWithZeroParameters_ToLoadInto()
    {
        Layer model = ModelFile.CreateArchitecture(
            "[{\"type\":\"Linear\",\"in\":3,\"out\":4},{\"type\":\"ReLU\"},{\"type\":\"Linear\",\"in\":4,\"out\":2},{\"type\":\"Softmax\"}]");
        Assert.That(model.ToString(), Is.EqualTo(Fresh().ToString()));
        Assert.That(model.Parameters.SelectMany(p => p.ToArray()), Is.All.Zero);
        ModelFile.LoadStateDict(model, new MemoryStream(SafeTensorsTestFile.StateDictOf(Fresh())));
        ModelFileTestData.AssertSameModel((Sequential)model, Fresh());
    }

    [TestCase("[{\"type\":\"Linear\",\"in\":3}]", "architecture module 0 (Linear) needs \"out\" as an integer ≥ 1")]
    [TestCase("[{\"type\":\"Conv9d\"}]", "architecture module 0 has unknown type \"Conv9d\"")]
    [TestCase("[{\"type\":\"Linear\",\"in\":3,\"out\":4},{\"type\":\"Linear\",\"in\":5,\"out\":2}]", "gives 4 features")]
    [TestCase("[", "ModelFile.CreateArchitecture: ")]
    public void CreateArchitecture_NamesTheProblem(string architecture, string reason) =>
        Assert.That(() => ModelFile.CreateArchitecture(architecture), Throws.ArgumentException.With.Message.Contains(reason));
}
