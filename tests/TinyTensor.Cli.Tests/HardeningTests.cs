using System.Diagnostics;

namespace TinyTensor.Cli.Tests;

/// <summary>Issue 13's classes at the command line: outputs that would destroy something are refused before any
/// work; silent wrong results are errors; messages name the option or file; work is not lost late.</summary>
[TestFixture]
public sealed class HardeningTests
{
    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp()
    {
        _folder = new TempFolder();
        File.WriteAllText(_folder.File("d.csv"), "a,b,label\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n1,1,0\n2,2,1\n");
    }

    [TearDown]
    public void TearDown() => _folder.Dispose();

    private string Csv => _folder.File("d.csv");

    private static string[] Quick => ["--epochs", "1", "--hidden", "4"];

    // Class 1: outputs that destroy things.
    [Test]
    public void SavingOverTheDataFile_IsRefused_AndTheDataIsIntact()
    {
        string before = File.ReadAllText(Csv);
        CliRun.Of(["train", "--data", Csv, "--save", Csv, "--plot", "none", .. Quick]).AssertOneLineError(2, "--save", "destroy the input");
        Assert.That(File.ReadAllText(Csv), Is.EqualTo(before));
    }

    [Test]
    public void SavingOverTheDataFileThroughAHardLink_IsRefused()
    {
        using (Process ln = Process.Start("ln", [Csv, _folder.File("alias")])!)
        {
            ln.WaitForExit();
        }

        CliRun.Of(["train", "--data", Csv, "--save", _folder.File("alias"), "--plot", "none", .. Quick]).AssertOneLineError(2, "--save");
    }

    [Test]
    public void SaveAndPlotOnOneFile_IsRefused() =>
        CliRun.Of(["train", "--data", Csv, "--save", _folder.File("x"), "--plot", _folder.File("x"), .. Quick])
            .AssertOneLineError(2, "--plot and --save name the same file");

    [TestCase("/dev/null", "character device")]
    [TestCase("/dev/zero", "character device")]
    public void SavingToADevice_IsRefused(string device, string kind)
    {
        CliRun.Of(["train", "--data", Csv, "--save", device, "--plot", "none", .. Quick]).AssertOneLineError(2, "--save", kind);
        CliRun.Of(["notebook", "--plot", device]).AssertOneLineError(2, "--plot", kind);
    }

    // Class 6: work lost late. A 240-byte name is legal; its temporary name must be too.
    [Test]
    public void ALongLegalOutputName_IsSaved()
    {
        string save = _folder.File(new string('m', 240));
        CliRun run = CliRun.Of(["train", "--data", Csv, "--save", save, "--plot", "none", .. Quick]);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(File.Exists(save), Is.True);
    }

    [Test]
    public void ATooLongOutputName_IsRefusedBeforeTraining()
    {
        CliRun run = CliRun.Of(["train", "--data", Csv, "--save", _folder.File(new string('m', 256)), "--plot", "none", .. Quick]);
        run.AssertOneLineError(2, "--save", "256 bytes");
        Assert.That(run.Output, Does.Not.Contain("training"));
    }

    // Class 3: silent wrong results.
    [Test]
    public void ABatchSizeNearIntMax_TrainsOneBatchOfAllSamples()
    {
        CliRun run = CliRun.Of(["train", "--data", Csv, "--batch-size", "2147483647", "--save", "none", "--plot", "none", "--val-split", "0", .. Quick]);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(run.Output, Does.Contain("batch 6 (all samples)"));
        Assert.That(run.Output, Does.Not.Contain("NaN"));
    }

    [TestCase("0,001")]
    [TestCase("1,000")]
    [TestCase("1 000")]
    public void AGroupSeparatorInTheLearningRate_IsAnError(string value) =>
        CliRun.Of(["train", "--data", Csv, "--lr", value, .. Quick]).AssertOneLineError(2, "--lr", "(0, 1000]");

    // Class 5: messages that name the option or the file.
    [TestCase("--lr", "inf")]
    [TestCase("--lr", "NaN")]
    [TestCase("--lr", "1e309")]
    [TestCase("--epochs", "2147483648")]
    [TestCase("--val-split", "1")]
    [TestCase("--seed", "-1")]
    public void ABadNumber_NamesTheOptionAndTheRange(string option, string value)
    {
        CliRun run = CliRun.Of(["train", "--data", Csv, option, value]);
        run.AssertOneLineError(2, option);
        Assert.That(run.Error, Does.Not.Contain("System."));
    }

    [Test]
    public void AHiddenLayerTooLargeForATensor_NamesHidden() =>
        CliRun.Of(["train", "--data", Csv, "--hidden", "65536,65536"]).AssertOneLineError(2, "--hidden", "65536 × 65536");

    [Test]
    public void ANetworkBeyondTheMemoryLimit_NamesHiddenAndTheSize() =>
        CliRun.Of(["train", "--data", Csv, "--hidden", "40000,40000"]).AssertOneLineError(2, "--hidden", "MiB", "--max-memory");

    [Test]
    public void AValidationSplitThatLeavesNoTrainingSample_NamesTheOption() =>
        CliRun.Of(["train", "--data", Csv, "--val-split", "0.99", .. Quick]).AssertOneLineError(2, "--val-split", "no training sample");

    [Test]
    public void ADirectoryAsData_IsNamedAsADirectory() =>
        CliRun.Of(["train", "--data", _folder.Path, .. Quick]).AssertOneLineError(1, "is a directory");

    [Test]
    public void ADeviceAsModel_IsNamedAsADevice() =>
        CliRun.Of(["eval", "--model", "/dev/zero", "--data", Csv]).AssertOneLineError(2, "--model", "character device");

    // Usability: eval wording, partial test sets, unlabeled predict, --label-column.
    [Test]
    public void Eval_SaysValidationAccuracyOnlyForTheHeldOutSplit_AndTakesATestSetWithSomeClasses()
    {
        string model = _folder.File("m.safetensors");
        Assert.That(CliRun.Of(["train", "--data", Csv, "--save", model, "--plot", "none", .. Quick]).ExitCode, Is.EqualTo(0));

        CliRun held = CliRun.Of("eval", "--model", model, "--data", Csv, "--val-split", "0.2");
        Assert.That(held.Output, Does.Contain("validation accuracy"), held.Error);

        File.WriteAllText(_folder.File("zeros.csv"), "1,2,0\n3,4,0\n");
        CliRun some = CliRun.Of("eval", "--model", model, "--data", _folder.File("zeros.csv"));
        Assert.That(some.ExitCode, Is.EqualTo(0), some.Error);
        Assert.That(some.OutputLines[^1], Does.StartWith("accuracy ").And.EndWith("of 2)"));
    }

    [Test]
    public void Predict_ReadsACsvWithoutLabels()
    {
        string model = _folder.File("m.safetensors");
        Assert.That(CliRun.Of(["train", "--data", Csv, "--save", model, "--plot", "none", .. Quick]).ExitCode, Is.EqualTo(0));
        File.WriteAllText(_folder.File("x.csv"), "1,2\n3,4\n5,6\n");
        CliRun run = CliRun.Of("predict", "--model", model, "--data", _folder.File("x.csv"));
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(run.OutputLines, Has.Length.EqualTo(3));
    }

    [Test]
    public void TheLabelColumn_CanBeNamed()
    {
        File.WriteAllText(_folder.File("first.csv"), "label,a,b\n0,1,2\n1,3,4\n0,5,6\n1,7,8\n");
        CliRun run = CliRun.Of(["train", "--data", _folder.File("first.csv"), "--label-column", "label", "--save", "none", "--plot", "none", .. Quick]);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        CliRun.Of(["train", "--data", _folder.File("first.csv"), "--label-column", "nope", .. Quick]).AssertOneLineError(1, "nope");
    }

    [Test]
    public void NotebookPlotNone_WritesNoFile()
    {
        string before = Directory.GetCurrentDirectory();
        try
        {
            Directory.SetCurrentDirectory(_folder.Path);
            CliRun run = CliRun.Of("notebook", "--plot", "none", "--epochs", "50");
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
            Assert.That(_folder.Files(), Is.EqualTo(new[] { "d.csv" }));
        }
        finally
        {
            Directory.SetCurrentDirectory(before);
        }
    }

    [Test]
    public void Standardize_IsStoredInTheModel_SoEvalReproducesTheValidationAccuracy()
    {
        string model = _folder.File("std.safetensors");
        CliRun train = CliRun.Of("train", "--data", "digits", "--standardize", "--epochs", "3", "--hidden", "32", "--save", model, "--plot", "none");
        Assert.That(train.ExitCode, Is.EqualTo(0), train.Error);
        Assert.That(train.Output, Does.Contain("features standardised"));
        string trained = train.OutputLines.Single(l => l.StartsWith("validation accuracy", StringComparison.Ordinal));

        Assert.That(TinyTensor.Serialization.ModelFile.Load(model).ToString(), Does.StartWith("Sequential(Standardize(64), Linear(64, 32)"));
        CliRun eval = CliRun.Of("eval", "--model", model, "--data", "digits", "--val-split", "0.2");
        Assert.That(eval.OutputLines[^1], Does.StartWith(trained + " ("), eval.Error);
    }
}
