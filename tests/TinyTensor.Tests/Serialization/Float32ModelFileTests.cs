using System.Buffers.Binary;
using System.Text.Json.Nodes;
using TinyTensor.Layers;
using TinyTensor.Serialization;

namespace TinyTensor.Tests.Serialization;

/// <summary>
/// Model files in both element types (issue 10): a model is written as F32 or F64 as it holds its tensors, with its
/// type in the metadata; it loads in the type its file holds, or converted when a <see cref="DType"/> is asked; a file
/// whose tensors mix types is refused (a network holds one type), naming the tensors and their types.
/// </summary>
[TestFixture]
public sealed class Float32ModelFileTests
{
    private static Sequential Float32Model() => (Sequential)ModelFileTestData.AllLayerTypes().To(DType.Float32);

    /// <summary>A conv network too (its weight is stored as is, Linear's transposed), in float32.</summary>
    private static Sequential Float32Cnn()
    {
        var rng = new RandomState(3);
        return (Sequential)new Sequential(new Conv2d(1, 2, 3, rng), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(2 * 3 * 3, 4, rng)).To(DType.Float32);
    }

    private static byte[] Bytes(Layer model)
    {
        using var stream = new MemoryStream();
        ModelFile.Save(model, stream);
        return stream.ToArray();
    }

    private static Layer Load(byte[] file, DType? dtype = null)
    {
        using var stream = new MemoryStream(file, writable: false);
        return dtype is { } type ? ModelFile.LoadLayer(stream, type) : ModelFile.LoadLayer(stream);
    }

    /// <summary>Every element's bits, as integers, so that -0, NaN payloads and subnormals all count.</summary>
    private static long[] Bits(Tensor t) => t.DType == DType.Float32
        ? [.. t.AsReadOnlySpan<float>().ToArray().Select(v => (long)BitConverter.SingleToInt32Bits(v))]
        : [.. t.AsReadOnlySpan<double>().ToArray().Select(BitConverter.DoubleToInt64Bits)];

    private static void AssertSameState(Layer actual, Layer expected)
    {
        (string Name, Tensor Value)[] a = [.. actual.NamedState()], e = [.. expected.NamedState()];
        Assert.That(a.Select(p => p.Name), Is.EqualTo(e.Select(p => p.Name)));
        for (int i = 0; i < a.Length; i++)
        {
            Assert.That(a[i].Value.DType, Is.EqualTo(e[i].Value.DType), a[i].Name);
            Assert.That(a[i].Value.Shape, Is.EqualTo(e[i].Value.Shape), a[i].Name);
            Assert.That(Bits(a[i].Value), Is.EqualTo(Bits(e[i].Value)), a[i].Name);
        }
    }

    [Test]
    public void AFloat32Model_RoundTrips_AsFloat32_WithTheSameBits()
    {
        Sequential model = Float32Model();
        Layer loaded = Load(Bytes(model));
        Assert.That(loaded.DType, Is.EqualTo(DType.Float32));
        Assert.That(loaded.ToString(), Is.EqualTo(model.ToString()));
        AssertSameState(loaded, model);
    }

    [Test]
    public void AFloat32Cnn_RoundTrips_AsFloat32_WithTheSameBits()
    {
        Sequential model = Float32Cnn();
        Layer loaded = Load(Bytes(model));
        Assert.That(loaded.DType, Is.EqualTo(DType.Float32));
        AssertSameState(loaded, model);
    }

    [Test]
    public void AFloat32File_HoldsF32Tensors_InPyTorchsLayout_AndRecordsItsType()
    {
        Sequential model = Float32Model();
        (JsonObject header, byte[] data) = ModelFileTestData.Split(Bytes(model));
        Assert.That(header["__metadata__"]!["dtype"]!.GetValue<string>(), Is.EqualTo("float32"));
        Assert.That(data, Has.Length.EqualTo(model.Parameters.Sum(p => p.Length) * sizeof(float)), "4 bytes an element");

        // 0.weight is W (6, 8) stored as PyTorch's (8, 6): the float32 bits of Wᵀ, little-endian.
        Tensor w = model.Parameters[0];
        JsonNode entry = header["0.weight"]!;
        Assert.That(entry["dtype"]!.GetValue<string>(), Is.EqualTo("F32"));
        Assert.That(entry["shape"]!.ToJsonString(), Is.EqualTo("[8,6]"));
        float[] expected = Array.ConvertAll(ModelFileTestData.Transposed(w), v => (float)v); // exact: the values are float32
        int begin = entry["data_offsets"]![0]!.GetValue<int>();
        float[] stored = [.. Enumerable.Range(0, w.Length).Select(i => BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(begin + (4 * i))))];
        Assert.That(stored.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(expected.Select(BitConverter.SingleToInt32Bits)));
        Assert.That(header.Where(p => p.Key != "__metadata__").Select(p => p.Value!["dtype"]!.GetValue<string>()), Is.All.EqualTo("F32"));
    }

    [Test]
    public void AFloat64File_StillHoldsF64_RecordsFloat64_AndLoadsAsFloat64()
    {
        Sequential model = ModelFileTestData.AllLayerTypes();
        byte[] file = Bytes(model);
        (JsonObject header, _) = ModelFileTestData.Split(file);
        Assert.That(header["__metadata__"]!["dtype"]!.GetValue<string>(), Is.EqualTo("float64"));
        Assert.That(header.Where(p => p.Key != "__metadata__").Select(p => p.Value!["dtype"]!.GetValue<string>()), Is.All.EqualTo("F64"));
        Layer loaded = Load(file);
        Assert.That(loaded.DType, Is.EqualTo(DType.Float64));
        AssertSameState(loaded, model);
    }

    [Test]
    public void AModelWithoutTensors_RecordsNoType_AndLoads()
    {
        (JsonObject header, _) = ModelFileTestData.Split(Bytes(new Sequential(new ReLU(), new Softmax())));
        Assert.That(header["__metadata__"]!.AsObject().ContainsKey("dtype"), Is.False);
        Assert.That(Load(Bytes(new Sequential(new ReLU(), new Softmax()))).DType, Is.Null);
    }

    [Test]
    public void AFloat64File_LoadedAsFloat32_IsEachValueRoundedToNearest()
    {
        Sequential model = ModelFileTestData.AllLayerTypes();
        Layer loaded = Load(Bytes(model), DType.Float32);
        Assert.That(loaded.DType, Is.EqualTo(DType.Float32));
        for (int i = 0; i < model.Parameters.Count; i++)
        {
            float[] expected = Array.ConvertAll(model.Parameters[i].ToArray(), v => (float)v);
            Assert.That(loaded.Parameters[i].AsReadOnlySpan<float>().ToArray().Select(BitConverter.SingleToInt32Bits),
                Is.EqualTo(expected.Select(BitConverter.SingleToInt32Bits)), $"parameter {i}");
        }
    }

    [Test]
    public void AFloat32File_LoadedAsFloat64_IsWidenedExactly()
    {
        Sequential model = Float32Model();
        Layer loaded = Load(Bytes(model), DType.Float64);
        Assert.That(loaded.DType, Is.EqualTo(DType.Float64));
        for (int i = 0; i < model.Parameters.Count; i++)
        {
            double[] expected = [.. model.Parameters[i].AsReadOnlySpan<float>().ToArray().Select(v => (double)v)];
            Assert.That(Bits(loaded.Parameters[i]), Is.EqualTo(expected.Select(BitConverter.DoubleToInt64Bits)), $"parameter {i}");
        }
    }

    [Test]
    public void LoadWithTheFilesOwnType_IsTheSameAsLoad()
    {
        byte[] file = Bytes(Float32Model());
        AssertSameState(Load(file, DType.Float32), Load(file));
    }

    [Test]
    public void LoadFromAPath_TakesTheTypeToo()
    {
        string path = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"f32-{Guid.NewGuid():N}.safetensors");
        try
        {
            ModelFile.Save(Float32Model(), path);
            Assert.That(ModelFile.Load(path).DType, Is.EqualTo(DType.Float32));
            Assert.That(ModelFile.Load(path, DType.Float64).DType, Is.EqualTo(DType.Float64));
            Assert.That(ModelFile.LoadLayer(path, DType.Float64).DType, Is.EqualTo(DType.Float64));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A copy of <paramref name="file"/> whose tensors <paramref name="names"/> are rewritten in F64 (the
    /// others stay F32): the header's dtypes and offsets, and the data section, all consistent.</summary>
    private static byte[] WithF64(byte[] file, params string[] names)
    {
        (JsonObject header, byte[] data) = ModelFileTestData.Split(file);
        var tensors = new List<(string Name, string Dtype, int[] Shape, double[] Values)>();
        foreach ((string name, JsonNode? node) in header.Where(p => p.Key != "__metadata__").OrderBy(p => p.Value!["data_offsets"]![0]!.GetValue<long>()))
        {
            int begin = node!["data_offsets"]![0]!.GetValue<int>(), end = node["data_offsets"]![1]!.GetValue<int>();
            double[] values = [.. Enumerable.Range(0, (end - begin) / 4).Select(i => (double)BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(begin + (4 * i))))];
            tensors.Add((name, names.Contains(name) ? "F64" : "F32", [.. node["shape"]!.AsArray().Select(d => d!.GetValue<int>())], values));
        }

        var metadata = (JsonObject)header["__metadata__"]!.DeepClone();
        metadata.Remove("dtype");
        return SafeTensorsTestFile.Write(tensors, metadata);
    }

    [Test]
    public void AFileMixingTypes_IsRefused_NamingTheTensorsAndTheirTypes()
    {
        // One module's parameters in two types (0.weight F32, 0.bias F64), and another module in float64.
        byte[] file = WithF64(Bytes(Float32Model()), "0.bias", "2.weight");
        Assert.That(() => Load(file), Throws.TypeOf<InvalidDataException>().With.Message.Contains("the file's tensors mix element types")
            .And.Message.Contains("float64 (F64): 0.bias, 2.weight")
            .And.Message.Contains("float32 (F32): 0.weight, 2.bias")
            .And.Message.Contains("DType"));
    }

    [Test]
    public void AFileMixingTypes_IsRefusedByLoadStateDict_Too_AndTheModelIsUntouched()
    {
        Sequential source = ModelFileTestData.Small();
        byte[] file = SafeTensorsTestFile.Write([
            ("0.weight", "F32", [4, 3], ModelFileTestData.Transposed(source.Parameters[0])),
            ("0.bias", "F64", [4], source.Parameters[1].ToArray()),
            ("2.weight", "F32", [2, 4], ModelFileTestData.Transposed(source.Parameters[2])),
            ("2.bias", "F32", [2], source.Parameters[3].ToArray()),
        ]);
        Sequential target = ModelFileTestData.Small();
        Tensor before = target.Parameters[0];
        double[] values = before.ToArray();
        Assert.That(() => ModelFile.LoadStateDict(target, new MemoryStream(file)), Throws.TypeOf<InvalidDataException>()
            .With.Message.Contains("float64 (F64): 0.bias").And.Message.Contains("float32 (F32): 0.weight, 2.weight, 2.bias"));
        Assert.That(target.Parameters[0], Is.SameAs(before));
        Assert.That(target.DType, Is.EqualTo(DType.Float64));
        Assert.That(before.ToArray(), Is.EqualTo(values));
    }

    [TestCase(DType.Float32)]
    [TestCase(DType.Float64)]
    public void AFileMixingTypes_LoadsWhenATypeIsAsked_EveryTensorConverted(DType dtype)
    {
        Sequential model = Float32Model();
        Layer loaded = Load(WithF64(Bytes(model), "0.bias", "2.weight"), dtype);
        Assert.That(loaded.DType, Is.EqualTo(dtype));
        AssertSameState(loaded, model.To(dtype)); // the F64 copies hold float32 values, so both ways are exact
    }

    [Test]
    public void MetadataThatDisagreesWithTheTensors_IsRefused()
    {
        byte[] file = Bytes(Float32Model());
        (JsonObject header, byte[] data) = ModelFileTestData.Split(file);
        header["__metadata__"]!["dtype"] = "float64";
        Assert.That(() => Load(ModelFileTestData.Join(header, data)), Throws.TypeOf<InvalidDataException>()
            .With.Message.Contains("records dtype float64, but tensor \"0.weight\" is F32"));
        Assert.That(() => Load(ModelFileTestData.Join(header, data), DType.Float32), Throws.TypeOf<InvalidDataException>(), "even when converting");
    }

    [TestCase("bfloat16")]
    [TestCase("double")]
    [TestCase("")]
    public void AnUnknownRecordedType_IsRefused(string recorded)
    {
        (JsonObject header, byte[] data) = ModelFileTestData.Split(Bytes(ModelFileTestData.Small()));
        header["__metadata__"]!["dtype"] = recorded;
        Assert.That(() => Load(ModelFileTestData.Join(header, data)), Throws.TypeOf<InvalidDataException>()
            .With.Message.Contains($"__metadata__ has dtype \"{recorded}\"; a model file records float64 or float32"));
    }

    [Test]
    public void SavingAModelThatMixesTypes_IsRefused_NamingTheTensors_AndWritesNothing()
    {
        Sequential model = ModelFileTestData.Small();
        model.Modules[2].To(DType.Float32);
        using var stream = new MemoryStream();
        Assert.That(() => ModelFile.Save(model, stream), Throws.ArgumentException
            .With.Message.Contains("mix element types").And.Message.Contains("float32 (F32): 2.weight, 2.bias").And.Message.Contains("float64 (F64): 0.weight, 0.bias"));
        Assert.That(stream.Length, Is.Zero);
    }

    [Test]
    public void AnUndefinedType_IsRefusedByEveryLoad()
    {
        byte[] file = Bytes(ModelFileTestData.Small());
        Assert.That(() => ModelFile.Load(new MemoryStream(file), (DType)7), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("dtype"));
        Assert.That(() => ModelFile.LoadStateDict(ModelFileTestData.Small(), new MemoryStream(file), (DType)7),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("dtype"));
    }

    [Test]
    public void AFloat32StateDict_MakesTheModelFloat32_WithTheFilesBits()
    {
        Sequential source = Float32Model();
        Sequential target = ModelFileTestData.AllLayerTypes(); // float64, other architecture values: the same shapes
        Tensor old = target.Parameters[0];
        ModelFile.LoadStateDict(target, new MemoryStream(SafeTensorsTestFile.StateDictOf(source, "F32")));
        Assert.That(target.DType, Is.EqualTo(DType.Float32));
        Assert.That(target.Parameters[0], Is.Not.SameAs(old), "converted, as Layer.To does");
        AssertSameState(target, source);
    }

    [Test]
    public void AFloat64StateDict_IntoAFloat32Model_MakesItFloat64_UnlessFloat32IsAsked()
    {
        Sequential source = ModelFileTestData.AllLayerTypes();
        byte[] file = SafeTensorsTestFile.StateDictOf(source);

        Sequential target = Float32Model();
        ModelFile.LoadStateDict(target, new MemoryStream(file));
        Assert.That(target.DType, Is.EqualTo(DType.Float64));
        AssertSameState(target, source);

        Sequential kept = Float32Model();
        ModelFile.LoadStateDict(kept, new MemoryStream(file), DType.Float32);
        AssertSameState(kept, ModelFileTestData.AllLayerTypes().To(DType.Float32));
    }
}
