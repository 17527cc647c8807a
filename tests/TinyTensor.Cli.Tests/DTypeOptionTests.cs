using System.Text.Json.Nodes;
using Onnx;
using TinyTensor.Layers;
using TinyTensor.Serialization;

namespace TinyTensor.Cli.Tests;

/// <summary>
/// <c>train --dtype float32|float64</c> (issue 10 item 4): the default and the accepted values, one error line for
/// anything else before any data is read, the saved file recording the type; <c>export</c> of a float32 model file.
/// </summary>
[TestFixture]
public sealed class DTypeOptionTests
{
    private TempFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new TempFolder();

    [TearDown]
    public void DeleteFolder() => _folder.Dispose();

    private static JsonObject Header(string path)
    {
        byte[] file = File.ReadAllBytes(path);
        int n = checked((int)BitConverter.ToUInt64(file, 0));
        return (JsonObject)JsonNode.Parse(System.Text.Encoding.UTF8.GetString(file, 8, n))!;
    }

    [TestCase("bf16")]
    [TestCase("float16")]
    [TestCase("double")]
    [TestCase("")]
    public void AnythingButFloat32OrFloat64_IsOneErrorLine_NamingTheOptionAndTheAcceptedValues(string value)
    {
        string model = _folder.File("m.safetensors");
        CliRun.Of("train", "--data", "digits", "--epochs", "1", "--dtype", value, "--save", model, "--plot", "none")
            .AssertOneLineError(CliApp.UsageError, "--dtype", $"'{value}'", "float32", "float64");
        Assert.That(_folder.Files(), Is.Empty, "nothing trained, nothing written");
    }

    [TestCase(null)]
    [TestCase("float64")]
    [TestCase("FLOAT64")]
    public void Float64_IsTheDefault_AndTheFileRecordsIt(string? value)
    {
        string model = _folder.File("m.safetensors");
        string[] args = ["train", "--data", "digits", "--epochs", "1", "--hidden", "16", "--save", model, "--plot", "none"];
        CliRun run = CliRun.Of(value is null ? args : [.. args, "--dtype", value]);

        Assert.That(run.ExitCode, Is.Zero, run.Error);
        Assert.That(run.Output, Does.Contain("seed 0, float64"));
        JsonObject header = Header(model);
        Assert.That(header["__metadata__"]!["dtype"]!.GetValue<string>(), Is.EqualTo("float64"));
        Assert.That(header.Where(p => p.Key != "__metadata__").Select(p => p.Value!["dtype"]!.GetValue<string>()), Is.All.EqualTo("F64"));
        Assert.That(ModelFile.Load(model).DType, Is.EqualTo(DType.Float64));
    }

    [Test]
    public void TheHelp_ListsTheOptionWithBothTypesAndItsDefault()
    {
        CliRun run = CliRun.Of("train", "--help");
        Assert.That(run.ExitCode, Is.Zero, run.Error);
        string line = run.OutputLines.Single(l => l.TrimStart().StartsWith("--dtype", StringComparison.Ordinal));
        Assert.That(run.Output, Does.Contain("float32").And.Contain("float64"));
        Assert.That(run.Output, Does.Contain("[default: float64]"));
        Assert.That(line, Does.Contain("--dtype"));
    }

    [Test]
    public void ExportOfAFloat32ModelFile_WritesItsFloat32ParametersAsTheyAre()
    {
        var rng = new RandomState(5);
        Layer model = new Sequential(new Linear(64, 8, rng), new ReLU(), new Linear(8, 10, rng)).To(DType.Float32);
        string path = _folder.File("m.safetensors"), onnx = _folder.File("m.onnx");
        ModelFile.Save(model, path);

        CliRun run = CliRun.Of("export", "--model", path, "--onnx", onnx);

        Assert.That(run.ExitCode, Is.Zero, run.Error);
        Assert.That(run.Output, Does.Contain("float32 model, Float32 ONNX"));
        ModelProto exported = ModelProto.Parser.ParseFrom(File.ReadAllBytes(onnx));
        TensorProto weight = exported.Graph.Initializer.Single(t => t.Name == "0.weight");
        Assert.That(weight.DataType, Is.EqualTo((int)TensorProto.Types.DataType.Float));
        Assert.That(weight.RawData.ToByteArray(), Is.EqualTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(model.Parameters[0].AsReadOnlySpan<float>()).ToArray()));
    }

    [Test]
    public void ExportOfAFloat32ModelFile_AsFloat64_SaysSo()
    {
        var rng = new RandomState(5);
        string path = _folder.File("m.safetensors"), onnx = _folder.File("m.onnx");
        ModelFile.Save(new Sequential(new Linear(64, 8, rng), new ReLU(), new Linear(8, 10, rng)).To(DType.Float32), path);

        CliRun run = CliRun.Of("export", "--model", path, "--onnx", onnx, "--dtype", "float64");

        Assert.That(run.ExitCode, Is.Zero, run.Error);
        Assert.That(run.Output, Does.Contain("float32 model, Float64 ONNX"));
        Assert.That(ModelProto.Parser.ParseFrom(File.ReadAllBytes(onnx)).Graph.Initializer[0].DataType, Is.EqualTo((int)TensorProto.Types.DataType.Double));
    }
}
