using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using TinyTensor.Layers;
using TinyTensor.Serialization;

namespace TinyTensor.Cli.Tests;

/// <summary><c>--arch</c> on <c>eval</c>, <c>predict</c> and <c>export</c>: a model file without TinyTensor metadata (a
/// state_dict saved by PyTorch in the safetensors layout) runs once its network is given, as PyTorch's
/// <c>load_state_dict</c> needs the module built first.</summary>
[TestFixture]
public sealed class StateDictArchitectureTests
{
    private const string Architecture =
        """[{"type":"Linear","in":64,"out":16},{"type":"ReLU"},{"type":"Linear","in":16,"out":10}]""";

    private TempFolder _folder = null!;

    private string WithMetadata => _folder.File("tinytensor.safetensors");

    private string StateDictOnly => _folder.File("pytorch.safetensors");

    [SetUp]
    public void SaveAModelAndItsStateDictWithoutMetadata()
    {
        _folder = new TempFolder();
        var rng = new RandomState(3);
        ModelFile.Save(new Sequential(new Linear(64, 16, rng), new ReLU(), new Linear(16, 10, rng)), WithMetadata);
        File.WriteAllBytes(StateDictOnly, WithoutMetadata(File.ReadAllBytes(WithMetadata)));
    }

    [TearDown]
    public void CleanUp() => _folder.Dispose();

    [Test]
    public void Predict_WithArch_GivesThePredictionsOfTheFileWithMetadata()
    {
        CliRun expected = CliRun.Of("predict", "--model", WithMetadata, "--data", "digits");
        CliRun actual = CliRun.Of("predict", "--model", StateDictOnly, "--data", "digits", "--arch", Architecture);

        Assert.That(actual.ExitCode, Is.EqualTo(0), actual.Error);
        Assert.That(actual.OutputLines, Has.Length.EqualTo(1797));
        Assert.That(actual.OutputLines, Is.EqualTo(expected.OutputLines));
    }

    [Test]
    public void Eval_WithArchFromAFile_GivesTheSameAccuracy()
    {
        string archFile = _folder.File("arch.json");
        File.WriteAllText(archFile, Architecture);

        CliRun expected = CliRun.Of("eval", "--model", WithMetadata, "--data", "digits");
        CliRun actual = CliRun.Of("eval", "--model", StateDictOnly, "--data", "digits", "--arch", archFile);

        Assert.That(actual.ExitCode, Is.EqualTo(0), actual.Error);
        Assert.That(actual.OutputLines[^1], Does.StartWith("accuracy"));
        Assert.That(actual.OutputLines[^1], Is.EqualTo(expected.OutputLines[^1]));
    }

    [Test]
    public void AFileWithoutMetadata_AndNoArch_IsOneErrorLineThatNamesArch()
    {
        CliRun run = CliRun.Of("predict", "--model", StateDictOnly, "--data", "digits");

        run.AssertOneLineError(1, StateDictOnly, "--arch");
    }

    [Test]
    public void AnArchWhoseShapesDisagreeWithTheFile_NamesTheTensorAndBothShapes()
    {
        string wrong = Architecture.Replace("\"out\":16", "\"out\":12", StringComparison.Ordinal).Replace("\"in\":16", "\"in\":12", StringComparison.Ordinal);

        CliRun run = CliRun.Of("eval", "--model", StateDictOnly, "--data", "digits", "--arch", wrong);

        run.AssertOneLineError(1, "0.weight", "[16, 64]", "[12, 64]");
    }

    [Test]
    public void AnArchThatIsNeitherJsonNorAFile_IsAUsageError()
    {
        CliRun run = CliRun.Of("export", "--model", StateDictOnly, "--onnx", _folder.File("m.onnx"), "--arch", "linear16,relu,linear");

        run.AssertOneLineError(2, "--arch");
    }

    [Test]
    public void AnArchNamingAnUnregisteredLayer_IsAUsageErrorNamingIt()
    {
        CliRun run = CliRun.Of("predict", "--model", StateDictOnly, "--data", "digits", "--arch", """[{"type":"Conv3d"}]""");

        run.AssertOneLineError(2, "--arch", "Conv3d");
    }

    /// <summary>The same safetensors file with its <c>__metadata__</c> removed: what PyTorch's
    /// <c>safetensors.torch.save_file(model.state_dict(), …)</c> writes (the tensors' offsets are relative to the data).</summary>
    private static byte[] WithoutMetadata(byte[] file)
    {
        int headerLength = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(file));
        var header = JsonNode.Parse(Encoding.UTF8.GetString(file, 8, headerLength))!.AsObject();
        Assert.That(header.Remove("__metadata__"), Is.True);
        byte[] json = Encoding.UTF8.GetBytes(header.ToJsonString());
        int padded = (json.Length + 7) / 8 * 8;
        var result = new byte[8 + padded + (file.Length - 8 - headerLength)];
        BinaryPrimitives.WriteUInt64LittleEndian(result, (ulong)padded);
        json.CopyTo(result, 8);
        result.AsSpan(8 + json.Length, padded - json.Length).Fill((byte)' ');
        file.AsSpan(8 + headerLength).CopyTo(result.AsSpan(8 + padded));
        return result;
    }
}
