using System.Globalization;
using System.Text.RegularExpressions;
using TinyTensor.Data;
using TinyTensor.Serialization;
using TinyTensor.Training;

namespace TinyTensor.Cli.Tests;

/// <summary>train → model file → eval / predict, on the bundled digits.</summary>
[TestFixture]
public sealed partial class TrainEvalPredictTests
{
    private TempFolder _folder = null!;
    private CliRun _train = null!;

    private string ModelPath => _folder.File("digits.safetensors");

    [OneTimeSetUp]
    public void TrainOnce()
    {
        _folder = new TempFolder();
        _train = CliRun.Of("train", "--data", "digits", "--epochs", "5", "--hidden", "64", "--seed", "3",
            "--save", ModelPath, "--plot", _folder.File("history.png"));
    }

    [OneTimeTearDown]
    public void CleanUp() => _folder.Dispose();

    [Test]
    public void Train_ReportsEpochsAndValidationAccuracy_InPlainLinesWhenRedirected()
    {
        Assert.That(_train.ExitCode, Is.EqualTo(0), _train.Error);
        Assert.That(_train.OutputLines.Count(l => l.StartsWith("epoch ", StringComparison.Ordinal)), Is.EqualTo(5));
        Assert.That(_train.Output, Does.Match(@"validation accuracy \d+\.\d%"));
        Assert.That(_train.Output, Does.Not.Contain("\u001b["), "no escape codes when redirected");
        Assert.That(_train.Output, Does.Contain("model saved to " + ModelPath));
    }

    [Test]
    public void Train_WritesTheModelAndThePlot_AndNoTemporaryFiles()
    {
        Assert.That(_folder.Files().OrderBy(f => f, StringComparer.Ordinal), Is.EqualTo(new[] { "digits.safetensors", "history.png" }));
    }

    [Test]
    public void Eval_OnTheSameSplit_GivesTheValidationAccuracyTrainPrinted()
    {
        string trained = ValidationAccuracy().Match(_train.Output).Groups[1].Value;

        CliRun eval = CliRun.Of("eval", "--model", ModelPath, "--data", "digits", "--val-split", "0.2", "--seed", "3");

        Assert.That(eval.ExitCode, Is.EqualTo(0), eval.Error);
        Assert.That(ValidationAccuracy().Match(eval.Output).Groups[1].Value, Is.EqualTo(trained));
        Assert.That(eval.Output, Does.Contain("recall"), "the confusion matrix");
    }

    [Test]
    public void Predict_PrintsOneLabelPerSample_EqualToTheLoadedModelsPredictions()
    {
        CliRun predict = CliRun.Of("predict", "--model", ModelPath, "--data", "digits");

        Assert.That(predict.ExitCode, Is.EqualTo(0), predict.Error);
        int[] printed = predict.OutputLines.Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToArray();
        Dataset digits = BuiltInDatasets.Digits();
        int[] expected = new Predictor(ModelFile.Load(ModelPath)).Predict(digits.Features);
        Assert.That(printed, Is.EqualTo(expected));
    }

    [Test]
    public void Train_IsDeterministic_TheSameSeedGivesTheSameModelBytes()
    {
        using var other = new TempFolder();
        CliRun again = CliRun.Of("train", "--data", "digits", "--epochs", "5", "--hidden", "64", "--seed", "3",
            "--save", other.File("m.safetensors"), "--plot", "none");

        Assert.That(again.ExitCode, Is.EqualTo(0), again.Error);
        Assert.That(File.ReadAllBytes(other.File("m.safetensors")), Is.EqualTo(File.ReadAllBytes(ModelPath)));
    }

    [GeneratedRegex(@"validation accuracy (\d+\.\d)%")]
    private static partial Regex ValidationAccuracy();
}
