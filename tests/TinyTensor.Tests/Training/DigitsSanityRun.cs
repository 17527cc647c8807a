using System.Diagnostics;
using TinyTensor.Data;
using TinyTensor.Layers;
using TinyTensor.Optim;
using TinyTensor.Training;

namespace TinyTensor.Tests.Training;

/// <summary>
/// Not a unit test: the sanity target of the data/training work, run on demand with
/// <c>dotnet test -c Release --no-build --filter "FullyQualifiedName~DigitsSanityRun" --logger "console;verbosity=detailed"</c>.
/// A 64-128-10 ReLU network trained with plain SGD on the bundled digits, shuffled 80/20 split.
/// </summary>
[Explicit("A timing run, not a unit test.")]
public sealed class DigitsSanityRun
{
    [TestCase(30, 32, 0.1)]
    [TestCase(30, 64, 0.2)]
    public void Digits_64_128_10_relu_with_sgd(int epochs, int batchSize, double learningRate)
    {
        var clock = Stopwatch.StartNew();
        Dataset digits = BuiltInDatasets.Digits();
        TimeSpan load = clock.Elapsed;
        DataLoader loader = DataLoader.WithValidationSplit(digits, 0.2, batchSize, seed: 0);

        var rng = new RandomState(0);
        var hidden = new Linear(64, 128, rng);
        var output = new Linear(128, 10, rng);
        HeUniform(hidden, rng);
        HeUniform(output, rng);
        var model = new Sequential(hidden, new ReLU(), output, new Softmax());
        var trainer = new Trainer(model, new CrossEntropyLoss(), new SGD(model, learningRate), loader);

        clock.Restart();
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        TrainingHistory history = trainer.Fit(epochs);
        TimeSpan train = clock.Elapsed;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        foreach (EpochReport e in history.Epochs.Where(e => e.Epoch % 5 == 0 || e.Epoch == 1))
        {
            TestContext.Out.WriteLine($"epoch {e.Epoch,3}  loss {e.MeanLoss:F4}  train {e.TrainAccuracy:P1}  val {e.ValidationAccuracy:P1}  {e.Duration.TotalMilliseconds:F1} ms");
        }

        TestContext.Out.WriteLine($"load {load.TotalMilliseconds:F0} ms, train {epochs} epochs {train.TotalMilliseconds:F0} ms, " +
            $"validation accuracy {history.LastValidationAccuracy:P2} on {loader.Validation!.Count} samples");
        TestContext.Out.WriteLine($"allocated {allocated / 1024} KiB in {epochs} epochs ({loader.Train.Count % batchSize} samples in the last batch)");
        TestContext.Out.WriteLine(trainer.ConfusionMatrix(loader.Validation).ToString());
        Assert.That(history.LastValidationAccuracy, Is.GreaterThan(0.9));
    }

    [TestCase(10, 64, 0.1)]
    public void Mnist_784_128_10_relu_with_sgd(int epochs, int batchSize, double learningRate)
    {
        var clock = Stopwatch.StartNew();
        Dataset mnist = BuiltInDatasets.Mnist();
        TimeSpan load = clock.Elapsed;
        DataLoader loader = DataLoader.WithValidationSplit(mnist, 2000, batchSize, seed: 0);
        var rng = new RandomState(0);
        var hidden = new Linear(784, 128, rng);
        var output = new Linear(128, 10, rng);
        HeUniform(hidden, rng);
        HeUniform(output, rng);
        var model = new Sequential(hidden, new ReLU(), output, new Softmax());
        var trainer = new Trainer(model, new CrossEntropyLoss(), new SGD(model, learningRate), loader);

        clock.Restart();
        TrainingHistory history = trainer.Fit(epochs);
        TimeSpan train = clock.Elapsed;
        foreach (EpochReport e in history.Epochs)
        {
            TestContext.Out.WriteLine($"epoch {e.Epoch,3}  loss {e.MeanLoss:F4}  train {e.TrainAccuracy:P1}  val {e.ValidationAccuracy:P1}  {e.Duration.TotalMilliseconds:F0} ms");
        }

        TestContext.Out.WriteLine($"load {load.TotalMilliseconds:F0} ms, train {epochs} epochs {train.TotalMilliseconds:F0} ms, " +
            $"validation accuracy {history.LastValidationAccuracy:P2} on {loader.Validation!.Count} samples");
        Assert.That(history.LastValidationAccuracy, Is.GreaterThan(0.9));
    }

    /// <summary>Replaces the framework's rand·1e-4 weights by He-uniform ones, U(−√(6/in), √(6/in)), and zero biases.</summary>
    private static void HeUniform(Linear layer, RandomState rng)
    {
        double limit = Math.Sqrt(6.0 / layer.InputDims);
        Span<double> w = layer.Weight.AsSpan();
        for (int i = 0; i < w.Length; i++)
        {
            w[i] = limit * ((2 * rng.RandomSample()) - 1);
        }

        layer.Bias.Fill(0);
    }
}
