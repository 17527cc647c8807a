using Onnx;
using TinyTensor.Layers;
using TinyTensor.Serialization;

namespace TinyTensor.Cli.Tests;

/// <summary><c>tinytensor export</c>: a model file becomes an ONNX file; bad input is one error line.</summary>
[TestFixture]
public sealed class ExportCommandTests
{
    private TempFolder _folder = null!;

    private string ModelPath => _folder.File("m.safetensors");

    [SetUp]
    public void SaveAModel()
    {
        _folder = new TempFolder();
        var rng = new RandomState(0);
        ModelFile.Save(new Sequential(new Linear(64, 8, rng), new LeakyReLU(0.2), new Linear(8, 10, rng)), ModelPath);
    }

    [TearDown]
    public void CleanUp() => _folder.Dispose();

    [TestCase(null, 1)]
    [TestCase("float32", 1)]
    [TestCase("float64", 11)]
    public void Export_WritesAnOnnxModel_WithTheModelsLayersAndElementType(string? dtype, int onnxDataType)
    {
        string onnx = _folder.File("m.onnx");
        string[] args = ["export", "--model", ModelPath, "--onnx", onnx];
        CliRun run = CliRun.Of(dtype is null ? args : [.. args, "--dtype", dtype]);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(run.Output, Does.Contain("exported Sequential(Linear(64, 8), LeakyReLU(0.2), Linear(8, 10))").And.Contain(onnx));
        ModelProto model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(onnx));
        Assert.That(model.Graph.Input.Single().Type.TensorType.ElemType, Is.EqualTo(onnxDataType));
        Assert.That(model.Graph.Input.Single().Type.TensorType.Shape.Dim[1].DimValue, Is.EqualTo(64));
        // float64's LeakyReLU adds its slope (and zero) as initializers of its own: "1.negative_slope".
        Assert.That(model.Graph.Initializer.Select(i => i.Name).Where(n => !n.StartsWith("1.", StringComparison.Ordinal)),
            Is.EqualTo(new[] { "0.weight", "0.bias", "2.weight", "2.bias" }));
    }

    [Test]
    public void AnUnknownDtype_IsAUsageError()
    {
        CliRun.Of("export", "--model", ModelPath, "--onnx", _folder.File("m.onnx"), "--dtype", "bf16")
            .AssertOneLineError(CliApp.UsageError, "--dtype", "bf16");
        Assert.That(_folder.Files(), Is.EqualTo(new[] { "m.safetensors" }));
    }

    [Test]
    public void AMissingModelFile_IsOneErrorLineNamingIt()
    {
        string missing = _folder.File("none.safetensors");

        CliRun.Of("export", "--model", missing, "--onnx", _folder.File("m.onnx")).AssertOneLineError(CliApp.Failure, missing);
    }

    [Test]
    public void AnOnnxPathInAMissingFolder_IsAUsageErrorNamingTheOption()
    {
        CliRun.Of("export", "--model", ModelPath, "--onnx", Path.Combine(_folder.Path, "nope", "m.onnx"))
            .AssertOneLineError(CliApp.UsageError, "--onnx", "does not exist");
    }

    [Test]
    public void AnOnnxPathThatIsTheModelFile_IsAUsageError_AndTheModelSurvives()
    {
        byte[] before = File.ReadAllBytes(ModelPath);

        CliRun.Of("export", "--model", ModelPath, "--onnx", ModelPath).AssertOneLineError(CliApp.UsageError, "--onnx", "destroy the input");
        Assert.That(File.ReadAllBytes(ModelPath), Is.EqualTo(before));
    }

    [Test]
    public void WithoutOnnx_IsAUsageError()
    {
        CliRun.Of("export", "--model", ModelPath).AssertOneLineError(CliApp.UsageError, "--onnx");
    }

    private string SaveACnn()
    {
        var rng = new RandomState(1);
        string path = _folder.File("cnn.safetensors");
        ModelFile.Save(new Sequential(new Conv2d(1, 4, 3, rng, padding: 1), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2),
            new Dropout(0.25, rng), new Flatten(), new Linear(4 * 4 * 4, 10, rng)), path);
        return path;
    }

    [Test]
    public void ACnn_IsExportedForTheGivenInputShape()
    {
        string onnx = _folder.File("cnn.onnx");

        CliRun run = CliRun.Of("export", "--model", SaveACnn(), "--onnx", onnx, "--input-shape", "1,8,8");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        ModelProto model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(onnx));
        Assert.That(model.Graph.Input.Single().Type.TensorType.Shape.Dim.Skip(1).Select(d => d.DimValue), Is.EqualTo(new long[] { 1, 8, 8 }));
        Assert.That(model.Graph.Node.Select(n => n.OpType), Does.Contain("Conv").And.Contain("BatchNormalization"));
    }

    [Test]
    public void ACnnWithoutInputShape_IsAUsageErrorNamingTheOption()
    {
        CliRun.Of("export", "--model", SaveACnn(), "--onnx", _folder.File("cnn.onnx"))
            .AssertOneLineError(CliApp.UsageError, "--input-shape", "is a CNN", "1,28,28");
        Assert.That(_folder.Files(), Does.Not.Contain("cnn.onnx"));
    }

    [TestCase("1,x,8")]
    [TestCase("1,0,8")]
    [TestCase("")]
    public void AMalformedInputShape_IsAUsageError(string shape)
    {
        CliRun.Of("export", "--model", SaveACnn(), "--onnx", _folder.File("cnn.onnx"), "--input-shape", shape)
            .AssertOneLineError(CliApp.UsageError, "--input-shape", "C,H,W");
    }

    [Test]
    public void AnInputShapeTheCnnDoesNotFit_IsOneErrorLineNamingTheLayer()
    {
        // Two channels where the Conv takes one: the exporter's shape check, as one error line.
        CliRun.Of("export", "--model", SaveACnn(), "--onnx", _folder.File("cnn.onnx"), "--input-shape", "2,8,8")
            .AssertOneLineError(CliApp.Failure, "module 0 (Conv2d(1, 4", "(N, 2, 8, 8)");
        Assert.That(_folder.Files(), Does.Not.Contain("cnn.onnx"));
    }
}
