using System.Text.Json.Nodes;
using TinyTensor.Layers;
using TinyTensor.Serialization;
using TinyTensor.Tests.Support;

namespace TinyTensor.Tests.Serialization;

/// <summary>A layer type defined here, outside the library, registers itself and round-trips through model files;
/// types the registry does not know, and descriptions that disagree with the tensors, are refused.</summary>
[TestFixture]
public sealed class CustomLayerModelFileTests
{
    [OneTimeSetUp]
    public void RegisterTheTestLayer() => Scale.Register();

    private static Sequential ModelWithScale()
    {
        var rng = new RandomState(11);
        return new Sequential(new Linear(3, 4, rng), new Scale(rng.Randn(4)), new ReLU(), new Linear(4, 2, rng));
    }

    [Test]
    public void ALayerTypeDefinedInTheTests_RoundTrips_WithIdenticalPredictions()
    {
        Sequential model = ModelWithScale();
        Sequential loaded = ModelFileTestData.Load(ModelFileTestData.Bytes(model));

        Assert.That(loaded.Modules[1], Is.TypeOf<Scale>());
        Assert.That(loaded.NamedParameters().Select(p => p.Name), Is.EqualTo(model.NamedParameters().Select(p => p.Name)));
        Assert.That(loaded.NamedParameters().Select(p => p.Name), Does.Contain("1.weight"));
        Tensor x = new RandomState(12).Randn(20, 3);
        AssertTensor.BitwiseEqual(loaded.Forward(x).AsReadOnlySpan(), model.Forward(x).ToArray(), "outputs");
        Assert.That(loaded.Predict(x), Is.EqualTo(model.Predict(x)));
    }

    [Test]
    public void AnUnregisteredTypeInAFile_IsInvalidData_NamingTheTypeAndTheRegisteredOnes()
    {
        (JsonObject header, byte[] data) = ModelFileTestData.Split(ModelFileTestData.Bytes(ModelWithScale()));
        header["__metadata__"]!["architecture"] = header["__metadata__"]!["architecture"]!.GetValue<string>().Replace("\"Scale\"", "\"Rescale\"", StringComparison.Ordinal);
        Assert.That(() => ModelFileTestData.Load(ModelFileTestData.Join(header, data)),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("architecture module 1 has unknown type \"Rescale\"")
                .And.Message.Contains("registered: Linear, ReLU, Softmax, Sigmoid, Tanh, LeakyReLU").And.Message.Contains("Scale"));
    }

    [Test]
    public void ADescriptionThatDisagreesWithTheFilesTensors_IsInvalidData()
    {
        (JsonObject header, byte[] data) = ModelFileTestData.Split(ModelFileTestData.Bytes(ModelWithScale()));
        header["__metadata__"]!["architecture"] = header["__metadata__"]!["architecture"]!.GetValue<string>().Replace("\"features\":4", "\"features\":5", StringComparison.Ordinal);
        Assert.That(() => ModelFileTestData.Load(ModelFileTestData.Join(header, data)),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("tensor \"1.weight\" has shape [4], but architecture module 1 is Scale(5), which needs [5]"));
    }

    [Test]
    public void ALayerWhoseDescriptionDisagreesWithItsParameters_IsRefusedBySave_BeforeWriting()
    {
        LayerRegistry.Register(Misdescribed.Format);
        var model = new Sequential(new Linear(2, 3, new RandomState(0)), new Misdescribed());
        using var stream = new MemoryStream();
        Assert.That(() => ModelFile.Save(model, stream),
            Throws.ArgumentException.With.Message.Contains("module 1 (Misdescribed) is described as having parameters [weight (3,)] but holds [weight (2,)]"));
        Assert.That(stream.Length, Is.Zero);
    }

    [Test]
    public void AnUnregisteredLayer_IsRefusedBySave_NamingTheRegisteredTypes() =>
        Assert.That(() => ModelFileTestData.Bytes(new Sequential(new UnregisteredLayer())),
            Throws.ArgumentException.With.Message.Contains("module 0 is a UnregisteredLayer").And.Message.Contains("LayerRegistry.Register"));

    [Test]
    public void RegisteringAnotherFormatUnderATakenName_IsRejected_ButTheSameFormatAgainIsFine()
    {
        Assert.That(Scale.Register, Throws.Nothing);
        var impostor = new LayerFormat<UnregisteredLayer>("Linear", _ => null, (_, _) => new UnregisteredLayer());
        Assert.That(() => LayerRegistry.Register(impostor), Throws.ArgumentException.With.Message.Contains("already registered"));
        Assert.That(LayerRegistry.TypeNames, Does.Not.Contain("Sequential"));
    }

    [Test]
    public void TheRegistry_BuildsLayersFromTheirDescriptions()
    {
        Layer leaky = LayerRegistry.Create(new JsonObject { ["type"] = "LeakyReLU", ["negative_slope"] = 0.25 });
        Assert.That(((LeakyReLU)leaky).NegativeSlope, Is.EqualTo(0.25));
        Layer linear = LayerRegistry.Create(new JsonObject { ["type"] = "Linear", ["in"] = 2, ["out"] = 3 },
            new Dictionary<string, Tensor> { ["weight"] = new(2, 3), ["bias"] = new(3) });
        Assert.That(linear.ToString(), Is.EqualTo("Linear(2, 3)"));
        Assert.That(() => LayerRegistry.Create(new JsonObject { ["type"] = "Linear", ["in"] = 2, ["out"] = 3 }),
            Throws.ArgumentException.With.Message.Contains("needs the parameters [weight (2, 3), bias (3,)]"));
        Assert.That(() => LayerRegistry.Create(new JsonObject { ["type"] = "Conv3d" }), Throws.ArgumentException.With.Message.Contains("unknown type \"Conv3d\""));
    }

    /// <summary>A layer whose format describes a parameter of the wrong length: a bug Save must catch.</summary>
    private sealed class Misdescribed : Layer
    {
        public static readonly LayerFormat<Misdescribed> Format = new("Misdescribed",
            describe: _ => new JsonObject { ["features"] = 3 },
            create: (_, _) => new Misdescribed(),
            parameterShapes: config => [("weight", [config.GetInt32("features")])]);

        public override IReadOnlyList<Parameter> OwnParameters { get; } = [new Parameter("weight", new Tensor(2))];

        public override Tensor Forward(Tensor input) => input;

        public override Tensor Backward(Tensor outputGradient) => outputGradient;

        public override string ToString() => "Misdescribed";
    }
}
