using System.Globalization;
using System.Text.RegularExpressions;
using TinyTensor.Data;
using TinyTensor.Layers;
using TinyTensor.Serialization;
using TinyTensor.Training;

namespace TinyTensor.Cli.Tests;

/// <summary>CNNs from the CLI: train --arch on MNIST images → model file → eval and predict read the architecture from
/// the file; a user's CIFAR-10 binary batch trains with --model cnn; bad --arch strings name the token and its position.</summary>
[TestFixture]
public sealed partial class CnnCommandTests
{
    private const string SmallArch = "conv4k3p1,relu,maxpool2,bn,flatten,dropout0.1,linear";
    private TempFolder _folder = null!;
    private CliRun _train = null!;

    private string ModelPath => _folder.File("cnn.safetensors");

    [OneTimeSetUp]
    public void TrainOnce()
    {
        _folder = new TempFolder();
        _train = CliRun.Of("train", "--data", "mnist", "--arch", SmallArch, "--epochs", "1", "--seed", "4", "--save", ModelPath, "--plot", "none");
    }

    [OneTimeTearDown]
    public void CleanUp() => _folder.Dispose();

    [Test]
    public void TrainArch_BuildsTheListedLayers_AndLearnsMnist()
    {
        Assert.That(_train.ExitCode, Is.EqualTo(0), _train.Error);
        Sequential model = ModelFile.Load(ModelPath);
        Assert.That(model.Modules.Select(m => m.GetType().Name), Is.EqualTo(new[]
        {
            nameof(Conv2d), nameof(ReLU), nameof(MaxPool2d), nameof(BatchNorm2d), nameof(Flatten), nameof(Dropout), nameof(Linear),
        }));
        double accuracy = double.Parse(ValidationAccuracy().Match(_train.Output).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.That(accuracy, Is.GreaterThan(80.0));
    }

    [Test]
    public void Eval_ReadsTheCnnFromTheFile_AndGivesTheAccuracyTrainPrinted()
    {
        CliRun eval = CliRun.Of("eval", "--model", ModelPath, "--data", "mnist", "--val-split", "0.2", "--seed", "4");

        Assert.That(eval.ExitCode, Is.EqualTo(0), eval.Error);
        Assert.That(ValidationAccuracy().Match(eval.Output).Groups[1].Value, Is.EqualTo(ValidationAccuracy().Match(_train.Output).Groups[1].Value));
    }

    [Test]
    public void Predict_PrintsTheLoadedCnnsPredictionsOnTheImages()
    {
        CliRun predict = CliRun.Of("predict", "--model", ModelPath, "--data", "mnist");

        Assert.That(predict.ExitCode, Is.EqualTo(0), predict.Error);
        int[] printed = [.. predict.OutputLines.Select(l => int.Parse(l, CultureInfo.InvariantCulture))];
        Dataset mnist = BuiltInDatasets.Mnist();
        Assert.That(printed, Is.EqualTo(new Predictor(ModelFile.Load(ModelPath)).Predict(mnist.Samples)));
    }

    [Test]
    public void EvalOrPredict_OnDataTheCnnCannotTake_IsOneErrorLine()
    {
        CliRun.Of("eval", "--model", ModelPath, "--data", "digits").AssertOneLineError(1, "expects images of shape (1, H, W)", "(64,)");
        CliRun.Of("predict", "--model", ModelPath, "--data", "digits").AssertOneLineError(1, "cannot take the images of digits", "(1797, 1, 8, 8)");
    }

    [Test]
    public void ModelCnn_TrainsOnAUsersCifarBatch()
    {
        string path = _folder.File("data_batch_1.bin");
        var rng = new RandomState(9);
        var bytes = new byte[60 * 3073];
        for (int r = 0; r < 60; r++)
        {
            bytes[r * 3073] = (byte)(r % 10);
            for (int j = 1; j <= 3072; j++)
            {
                bytes[(r * 3073) + j] = (byte)(rng.RandomSample() * 256);
            }
        }

        File.WriteAllBytes(path, bytes);

        CliRun run = CliRun.Of("train", "--data", path, "--model", "cnn", "--epochs", "1", "--val-split", "0.2", "--save", "none", "--plot", "none");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(run.Output, Does.Contain("Conv2d(3, 16, kernel_size=3, stride=1, padding=1)"));
    }

    [TestCase("conv8k3,relu,maxpol2,flatten,linear", "token 'maxpol2' at position 3 is not a layer")]
    [TestCase("conv8k3,relu,,linear", "token '' at position 3 is empty")]
    [TestCase("conv8k0,flatten,linear", "token 'conv8k0' at position 1: '0' must be an integer in [1, 65536]")]
    [TestCase("conv8k3,linear", "token 'linear' at position 2 needs flat features but receives (8, 26, 26); put 'flatten' before it")]
    [TestCase("flatten,conv8k3,linear", "token 'conv8k3' at position 2 needs (C, H, W) images but receives (784,)")]
    [TestCase("conv8k29,flatten,linear", "token 'conv8k29' at position 1: the 29×29 window does not fit an input of side 28")]
    [TestCase("flatten,dropout1.5,linear", "token 'dropout1.5' at position 2: the drop probability must be a number in [0, 1)")]
    [TestCase("flatten,linear64", "ends with outputs of shape (64,), but the data has 10 classes")]
    public void AnArchThatDoesNotParse_IsOneErrorLine_NamingTheTokenAndItsPosition(string arch, string message)
    {
        CliRun.Of("train", "--data", "mnist", "--arch", arch, "--epochs", "1", "--save", "none", "--plot", "none").AssertOneLineError(2, "--arch", message);
    }

    [Test]
    public void AnUnknownModel_OrStandardizeWithACnn_IsAUsageError()
    {
        CliRun.Of("train", "--data", "mnist", "--model", "rnn", "--save", "none", "--plot", "none").AssertOneLineError(2, "--model: unknown model 'rnn'");
        CliRun.Of("train", "--data", "mnist", "--model", "cnn", "--standardize", "--save", "none", "--plot", "none").AssertOneLineError(2, "--standardize");
    }

    [GeneratedRegex(@"validation accuracy (\d+\.\d)%")]
    private static partial Regex ValidationAccuracy();
}
