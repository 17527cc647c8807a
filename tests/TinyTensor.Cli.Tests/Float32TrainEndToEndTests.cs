using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TinyTensor.Serialization;

namespace TinyTensor.Cli.Tests;

/// <summary><c>train --dtype float32</c> end to end: a float32 run, its float32 file, and eval/predict in float32.</summary>
[TestFixture]
public sealed class Float32TrainEndToEndTests
{
    private TempFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new TempFolder();

    [TearDown]
    public void DeleteFolder() => _folder.Dispose();

    [Test]
    public void TrainInFloat32_SavesAFloat32File_WhichEvalRunsToTheAccuracyTrainPrinted()
    {
        string model = _folder.File("m.safetensors");
        CliRun train = CliRun.Of("train", "--data", "digits", "--epochs", "3", "--hidden", "32", "--dtype", "float32", "--save", model, "--plot", "none");

        Assert.That(train.ExitCode, Is.Zero, train.Error);
        Assert.That(train.Output, Does.Contain("seed 0, float32"));
        byte[] file = File.ReadAllBytes(model);
        var header = (JsonObject)JsonNode.Parse(System.Text.Encoding.UTF8.GetString(file, 8, checked((int)BitConverter.ToUInt64(file, 0))))!;
        Assert.That(header["__metadata__"]!["dtype"]!.GetValue<string>(), Is.EqualTo("float32"));
        Assert.That(header.Where(p => p.Key != "__metadata__").Select(p => p.Value!["dtype"]!.GetValue<string>()), Is.All.EqualTo("F32"));
        Assert.That(ModelFile.Load(model).DType, Is.EqualTo(DType.Float32));

        string trained = Regex.Match(train.Output, @"validation accuracy (\d+\.\d%)").Groups[1].Value;
        Assert.That(trained, Is.Not.Empty, train.Output);
        CliRun eval = CliRun.Of("eval", "--model", model, "--data", "digits", "--val-split", "0.2", "--seed", "0");
        Assert.That(eval.ExitCode, Is.Zero, eval.Error);
        Assert.That(eval.Output, Does.Contain($"validation accuracy {trained}"));

        CliRun predict = CliRun.Of("predict", "--model", model, "--data", "digits");
        Assert.That(predict.ExitCode, Is.Zero, predict.Error);
        Assert.That(predict.OutputLines, Has.Length.EqualTo(1797));
    }

    [Test]
    public void TrainACnnWithBatchNormInFloat32_SavesFloat32_WhichEvalRunsToTheAccuracyTrainPrinted()
    {
        string model = _folder.File("cnn.safetensors");
        CliRun train = CliRun.Of("train", "--data", "mnist", "--arch", "conv4k3p1,relu,maxpool2,bn,flatten,dropout0.1,linear", "--epochs", "1",
            "--seed", "4", "--dtype", "float32", "--save", model, "--plot", "none");

        Assert.That(train.ExitCode, Is.Zero, train.Error);
        Assert.That(ModelFile.Load(model).DType, Is.EqualTo(DType.Float32));
        string trained = Regex.Match(train.Output, @"validation accuracy (\d+\.\d%)").Groups[1].Value;
        Assert.That(trained, Is.Not.Empty, train.Output);
        CliRun eval = CliRun.Of("eval", "--model", model, "--data", "mnist", "--val-split", "0.2", "--seed", "4");
        Assert.That(eval.ExitCode, Is.Zero, eval.Error);
        Assert.That(eval.Output, Does.Contain($"validation accuracy {trained}"));
    }
}
