using Onnx;
using TinyTensor.Layers;
using TinyTensor.Serialization;

namespace TinyTensor.Cli.Tests;

/// <summary>Model files the library saves beyond the CLI's own flat networks work in <c>eval</c>, <c>predict</c> and
/// <c>export</c>: nested chains (the feature and class counts come from the first and last Linear layers however deep
/// they sit, not from the top-level modules only) and a single layer as the root.</summary>
[TestFixture]
public sealed class NestedModelFileTests
{
    private TempFolder _folder = null!;

    private string ModelPath => _folder.File("nested.safetensors");

    [SetUp]
    public void SaveANestedModel()
    {
        _folder = new TempFolder();
        var rng = new RandomState(1);
        ModelFile.Save(new Sequential(new Sequential(new Linear(64, 8, rng), new ReLU()), new Sequential(new Linear(8, 10, rng))), ModelPath);
    }

    [TearDown]
    public void CleanUp() => _folder.Dispose();

    [Test]
    public void Eval_ReadsTheFeatureAndClassCountsFromTheNestedLinears()
    {
        CliRun run = CliRun.Of("eval", "--model", ModelPath, "--data", "digits");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(run.Output, Does.Match(@"accuracy \d+\.\d%"));
    }

    [Test]
    public void Export_TakesTheInputSizeFromTheFirstLinearInside()
    {
        string onnx = _folder.File("nested.onnx");

        CliRun run = CliRun.Of("export", "--model", ModelPath, "--onnx", onnx);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(ModelProto.Parser.ParseFrom(File.ReadAllBytes(onnx)).Graph.Input.Single().Type.TensorType.Shape.Dim[1].DimValue, Is.EqualTo(64));
    }

    [Test]
    public void ASingleLayerFile_Predicts_AsAOneModuleNetwork()
    {
        string single = _folder.File("single.safetensors");
        var layer = new Linear(64, 10, new RandomState(2));
        ModelFile.Save(layer, single);

        CliRun run = CliRun.Of("predict", "--model", single, "--data", "digits");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(run.OutputLines, Has.Length.EqualTo(1797));
    }
}
