namespace TinyTensor.Cli.Tests;

/// <summary>Every bad input: one line naming the file or option, a non-zero exit code, nothing written.</summary>
[TestFixture]
public sealed class BadInputTests
{
    private TempFolder _folder = null!;

    [SetUp]
    public void Folder() => _folder = new TempFolder();

    [TearDown]
    public void CleanUp() => _folder.Dispose();

    private CliRun Train(params string[] extra) =>
        CliRun.Of(["train", "--epochs", "1", "--save", _folder.File("m.safetensors"), "--plot", _folder.File("p.png"), .. extra]);

    private void AssertNothingWritten(params string[] except) =>
        Assert.That(_folder.Files().Except(except), Is.Empty, "nothing half-written");

    [Test]
    public void MissingDataFile_NamesTheFile()
    {
        Train("--data", _folder.File("missing.csv")).AssertOneLineError(1, "missing.csv");
        AssertNothingWritten();
    }

    [Test]
    public void WrongIdxMagic_NamesTheFile()
    {
        string images = _folder.File("images-idx3-ubyte");
        File.WriteAllBytes(images, [0, 0, 8, 4, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0]);
        File.WriteAllBytes(_folder.File("labels-idx1-ubyte"), [0, 0, 8, 1, 0, 0, 0, 1, 0]);

        Train("--data", images).AssertOneLineError(1, "images-idx3-ubyte");
        AssertNothingWritten("images-idx3-ubyte", "labels-idx1-ubyte");
    }

    [Test]
    public void TruncatedIdx_NamesTheFile()
    {
        string images = _folder.File("images-idx3-ubyte");
        File.WriteAllBytes(images, [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2, 1, 2, 3]);
        File.WriteAllBytes(_folder.File("labels-idx1-ubyte"), [0, 0, 8, 1, 0, 0, 0, 2, 0, 1]);

        Train("--data", images).AssertOneLineError(1, "images-idx3-ubyte");
        AssertNothingWritten("images-idx3-ubyte", "labels-idx1-ubyte");
    }

    [Test]
    public void CsvWithANonNumericCell_ReportsTheLine()
    {
        string csv = _folder.File("data.csv");
        File.WriteAllText(csv, "1,2,0\n3,4,1\n5,abc,0\n");

        Train("--data", csv).AssertOneLineError(1, "data.csv", "line 3");
        AssertNothingWritten("data.csv");
    }

    [Test]
    public void TruncatedModelFile_IsReported()
    {
        Assert.That(Train("--data", "digits", "--hidden", "8").ExitCode, Is.EqualTo(0));
        byte[] bytes = File.ReadAllBytes(_folder.File("m.safetensors"));
        string truncated = _folder.File("truncated.safetensors");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);

        CliRun.Of("eval", "--model", truncated, "--data", "digits").AssertOneLineError(1, "truncated.safetensors");
    }

    [Test]
    public void ModelAndDataOfDifferentWidths_AreReported()
    {
        Assert.That(Train("--data", "digits", "--hidden", "8").ExitCode, Is.EqualTo(0));

        CliRun.Of("predict", "--model", _folder.File("m.safetensors"), "--data", "mnist")
            .AssertOneLineError(1, "64 features", "784");
    }

    [TestCase("--hidden", "12,x", "--hidden")]
    [TestCase("--hidden", "0", "--hidden")]
    [TestCase("--lr", "0", "--lr")]
    [TestCase("--lr", "-0.1", "--lr")]
    [TestCase("--batch-size", "0", "--batch-size")]
    [TestCase("--batch-size", "-5", "--batch-size")]
    [TestCase("--epochs", "0", "--epochs")]
    [TestCase("--val-split", "1.5", "--val-split")]
    [TestCase("--optimizer", "rmsprop", "--optimizer")]
    [TestCase("--activation", "gelu", "--activation")]
    [TestCase("--epochs", "many", "--epochs")]
    public void BadOptionValue_IsAUsageErrorNamingTheOption(string option, string value, string mention)
    {
        Train("--data", "digits", option, value).AssertOneLineError(2, mention);
        AssertNothingWritten();
    }

    [Test]
    public void OutputPathInAMissingFolder_IsReportedBeforeTraining()
    {
        CliRun run = CliRun.Of("train", "--data", "digits", "--save", _folder.File("no/such/m.safetensors"), "--plot", "none");

        run.AssertOneLineError(2, "--save", "does not exist");
        Assert.That(run.Output, Does.Not.Contain("epoch "), "checked before training");
    }

    [Test]
    public void OutputPathThatIsAFolder_IsReported()
    {
        Directory.CreateDirectory(_folder.File("dir"));

        CliRun.Of("train", "--data", "digits", "--plot", _folder.File("dir"), "--save", "none").AssertOneLineError(2, "--plot", "folder");
    }

    [Test]
    public void MissingRequiredOption_IsAUsageError() =>
        CliRun.Of("train").AssertOneLineError(2, "--data");

    [Test]
    public void UnknownCommand_IsAUsageError() =>
        Assert.That(CliRun.Of("frobnicate").ExitCode, Is.EqualTo(2));
}
