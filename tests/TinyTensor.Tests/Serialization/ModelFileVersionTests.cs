using System.Text;
using TinyTensor.Data;
using TinyTensor.Layers;
using TinyTensor.Serialization;
using TinyTensor.Tests.Support;
using TinyTensor.Training;

namespace TinyTensor.Tests.Serialization;

/// <summary>Files of earlier builds (versions 1 and 2, tensors as held in memory) still load; the writer writes
/// version 3 (PyTorch's state_dict layout), which also holds nested networks and single layers.</summary>
[TestFixture]
public sealed class ModelFileVersionTests
{
    private static string V1File => FixturePath.Of(Path.Combine("v1", "digits-mlp.safetensors"));

    [Test]
    public void AVersion1FileFromTheEarlierWriter_Loads_AndPredictsWhatThatBuildPredicted()
    {
        Sequential model = ModelFile.Load(V1File);
        int[] expected = File.ReadAllText(FixturePath.Of(Path.Combine("v1", "digits-mlp-predictions.txt")))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
        Dataset digits = BuiltInDatasets.Digits();
        Assert.That(model.ToString(), Is.EqualTo("Sequential(Linear(64, 8), LeakyReLU(0.01), Linear(8, 10))"));
        Assert.That(new Predictor(model).Predict(digits.Features), Is.EqualTo(expected));
    }

    [Test]
    public void AVersion1File_SavesBackAsVersion3_WithTheSameArchitecture_AndEachWeightTransposedBitForBit()
    {
        byte[] original = File.ReadAllBytes(V1File);
        byte[] resaved = ModelFileTestData.Bytes(ModelFile.Load(V1File));
        (var oldHeader, _) = ModelFileTestData.Split(original);
        (var newHeader, _) = ModelFileTestData.Split(resaved);
        Assert.That(oldHeader["__metadata__"]!["version"]!.GetValue<string>(), Is.EqualTo("1"));
        Assert.That(newHeader["__metadata__"]!["version"]!.GetValue<string>(), Is.EqualTo("3"));
        Assert.That(newHeader["__metadata__"]!["architecture"]!.GetValue<string>(), Is.EqualTo(oldHeader["__metadata__"]!["architecture"]!.GetValue<string>()));
        Assert.That(newHeader["0.weight"]!["shape"]!.ToJsonString(), Is.EqualTo("[8,64]"));

        // Rewriting the version-3 file in the old layout gives back the original bytes: only the layout changed.
        Assert.That(ModelFileTestData.InMemoryLayout(resaved, "1"), Is.EqualTo(original));
    }

    [Test]
    public void AVersion2File_WithWeightsAsHeldInMemory_LoadsTheSameModel()
    {
        var rng = new RandomState(6);
        var model = new Sequential(new Sequential(new Linear(3, 4, rng), new Sigmoid()), new Linear(4, 2, rng));
        byte[] version2 = ModelFileTestData.InMemoryLayout(ModelFileTestData.Bytes(model), "2");
        (var header, _) = ModelFileTestData.Split(version2);
        Assert.That(header["0.0.weight"]!["shape"]!.ToJsonString(), Is.EqualTo("[3,4]"));
        ModelFileTestData.AssertSameModel(ModelFileTestData.Load(version2), model);
    }

    [Test]
    public void ANestedNetwork_RoundTrips_AsVersion3_WithNestedNames()
    {
        var rng = new RandomState(4);
        var model = new Sequential(new Sequential(new Linear(3, 4, rng), new Tanh()), new Linear(4, 2, rng), new Softmax());
        byte[] bytes = ModelFileTestData.Bytes(model);
        (var header, _) = ModelFileTestData.Split(bytes);
        Assert.That(header["__metadata__"]!["version"]!.GetValue<string>(), Is.EqualTo("3"));
        Assert.That(header["__metadata__"]!["architecture"]!.GetValue<string>(),
            Is.EqualTo("[[{\"type\":\"Linear\",\"in\":3,\"out\":4},{\"type\":\"Tanh\"}],{\"type\":\"Linear\",\"in\":4,\"out\":2},{\"type\":\"Softmax\"}]"));

        Sequential loaded = ModelFileTestData.Load(bytes);
        Assert.That(loaded.ToString(), Is.EqualTo(model.ToString()));
        Assert.That(loaded.NamedParameters().Select(p => p.Name), Is.EqualTo(new[] { "0.0.weight", "0.0.bias", "1.weight", "1.bias" }));
        Tensor x = rng.Randn(6, 3);
        AssertTensor.BitwiseEqual(loaded.Forward(x).AsReadOnlySpan(), model.Forward(x).ToArray(), "outputs");
    }

    [Test]
    public void ASingleLayer_RoundTripsThroughLoadLayer_WithLocalNames()
    {
        var linear = new Linear(3, 2, new RandomState(5));
        using var stream = new MemoryStream();
        ModelFile.Save(linear, stream);
        byte[] bytes = stream.ToArray();
        Assert.That(Encoding.UTF8.GetString(bytes), Does.Contain("\"weight\":{\"dtype\":\"F64\",\"shape\":[2,3]"));

        var loaded = (Linear)ModelFile.LoadLayer(new MemoryStream(bytes));
        AssertTensor.BitwiseEqual(loaded.Weight.AsReadOnlySpan(), linear.Weight.AsReadOnlySpan(), "W");
        AssertTensor.BitwiseEqual(loaded.Bias.AsReadOnlySpan(), linear.Bias.AsReadOnlySpan(), "b");
        Assert.That(() => ModelFile.Load(new MemoryStream(bytes)),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("holds a single Linear(3, 2), not a Sequential; load it with ModelFile.LoadLayer"));
    }

    [Test]
    public void AVersion1File_MayNotNest()
    {
        byte[] bytes = ModelFileTestData.Bytes(new Sequential(new Sequential(new ReLU())));
        (var header, byte[] data) = ModelFileTestData.Split(bytes);
        header["__metadata__"]!["version"] = "1";
        Assert.That(() => ModelFileTestData.Load(ModelFileTestData.Join(header, data)),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("architecture module 0 is a JSON Array, not an object"));
    }

    [TestCase("4")]
    [TestCase("")]
    public void AnUnknownVersion_IsInvalidData(string version)
    {
        (var header, byte[] data) = ModelFileTestData.Split(ModelFileTestData.Bytes(ModelFileTestData.Small()));
        header["__metadata__"]!["version"] = version;
        Assert.That(() => ModelFileTestData.Load(ModelFileTestData.Join(header, data)),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("reads model files of version 1, 2 and 3"));
    }
}
