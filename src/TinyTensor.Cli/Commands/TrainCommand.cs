using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using TinyTensor.Cli.Plotting;
using TinyTensor.Cli.Training;
using TinyTensor.Data;
using TinyTensor.Layers;
using TinyTensor.Serialization;
using TinyTensor.Training;

namespace TinyTensor.Cli.Commands;

/// <summary>
/// <c>tinytensor train</c>: trains a multilayer perceptron on a data set with mini-batches, shows progress, then
/// prints a summary, saves the model (safetensors) and plots the loss and validation accuracy per epoch.
/// </summary>
internal static class TrainCommand
{
    public static Command Create(CliContext context)
    {
        Option<string> data = CommonOptions.Data();
        var hidden = new Option<string>("--hidden")
        {
            Description = "Widths of the hidden layers, comma-separated ('' for none).",
            DefaultValueFactory = _ => "256",
        };
        var activation = new Option<string>("--activation")
        {
            Description = "Hidden-layer activation: relu, tanh, sigmoid or leaky-relu.",
            DefaultValueFactory = _ => "relu",
        };
        var optimizer = new Option<string>("--optimizer")
        {
            Description = "sgd, momentum, nesterov, adam or adamw.",
            DefaultValueFactory = _ => "adam",
        };
        var learningRate = new Option<double?>("--lr")
        {
            Description = "Learning rate (default: 1e-3 for adam/adamw, 0.05 for the SGD family).",
        };
        var epochs = new Option<int>("--epochs", "-e")
        {
            Description = "Passes over the training data.",
            DefaultValueFactory = _ => 20,
        };
        var batchSize = new Option<int>("--batch-size", "-b")
        {
            Description = "Samples per mini-batch.",
            DefaultValueFactory = _ => 32,
        };
        Option<double> validationSplit = CommonOptions.ValidationSplit(0.2);
        Option<uint> seed = CommonOptions.Seed();
        var save = new Option<string>("--save")
        {
            Description = "Where to save the trained model (safetensors); 'none' to skip.",
            DefaultValueFactory = _ => "model.safetensors",
        };
        var plot = new Option<string>("--plot")
        {
            Description = "Where to write the plot of loss and validation accuracy per epoch (PNG); 'none' to skip.",
            DefaultValueFactory = _ => "training-history.png",
        };

        var command = new Command("train", "Train a multilayer perceptron on a data set.")
        {
            data, hidden, activation, optimizer, learningRate, epochs, batchSize, validationSplit, seed, save, plot,
        };
        command.SetAction(parsed =>
        {
            string optimizerName = parsed.GetValue(optimizer)!.ToLowerInvariant();
            var settings = new TrainSettings(
                parsed.GetValue(data)!,
                NetworkFactory.ParseHidden(parsed.GetValue(hidden)!),
                parsed.GetValue(activation)!.ToLowerInvariant(),
                optimizerName,
                parsed.GetValue(learningRate) ?? OptimizerFactory.DefaultLearningRate(optimizerName),
                parsed.GetValue(epochs),
                parsed.GetValue(batchSize),
                parsed.GetValue(validationSplit),
                parsed.GetValue(seed),
                OptionalFile(parsed.GetValue(save)),
                OptionalFile(parsed.GetValue(plot)));
            return Run(context, settings);
        });
        return command;
    }

    /// <summary>A path, or null for "none" or an empty value.</summary>
    private static FileInfo? OptionalFile(string? path) =>
        string.IsNullOrWhiteSpace(path) || path.Equals("none", StringComparison.OrdinalIgnoreCase) ? null : new FileInfo(path);

    private static int Run(CliContext context, TrainSettings s)
    {
        s.Check();
        var clock = Stopwatch.StartNew();
        Dataset dataset = DataSource.Load(s.Data);
        DataLoader loader = s.ValidationSplit > 0
            ? DataLoader.WithValidationSplit(dataset, s.ValidationSplit, s.BatchSize, s.Seed)
            : new DataLoader(dataset, s.BatchSize, shuffle: true, random: new RandomState(s.Seed));

        // The weights draw from their own generator, seeded like the split, so --seed fixes the whole run.
        Sequential model = NetworkFactory.Create(dataset.FeatureCount, s.Hidden, dataset.ClassCount, s.Activation, new RandomState(s.Seed));
        var trainer = new Trainer(model, new SoftmaxCrossEntropyLoss(), OptimizerFactory.Create(s.Optimizer, model, s.LearningRate), loader);

        context.Output.WriteLine(
            $"training {model} on {s.Data}: {loader.Train.Count} samples, {loader.Validation?.Count ?? 0} held out; " +
            $"{s.Optimizer} lr {s.LearningRate.ToString("G", CultureInfo.InvariantCulture)}, batch {s.BatchSize}, {s.Epochs} epochs, seed {s.Seed}");
        TrainingHistory history = EpochProgress.Run(context, s.Epochs, progress => trainer.Fit(s.Epochs, progress));

        PrintSummary(context, history);
        if (s.Save is not null)
        {
            ModelFile.Save(model, s.Save.FullName);
            context.Output.WriteLine($"model saved to {s.Save.FullName}");
        }

        if (s.Plot is not null)
        {
            PlotFiles.SaveTrainingHistory(history, s.Plot.FullName);
            context.Output.WriteLine($"plot saved to {s.Plot.FullName}");
        }

        EpochReport last = history.Last!;
        context.Output.WriteLine($"training accuracy {CommonOptions.Percent(last.TrainAccuracy)}");
        if (history.LastValidationAccuracy is { } validation)
        {
            context.Output.WriteLine($"validation accuracy {CommonOptions.Percent(validation)}");
        }

        context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done in {clock.Elapsed.TotalSeconds:F1} s"));
        return CliApp.Success;
    }

    private static void PrintSummary(CliContext context, TrainingHistory history)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("training summary");
        table.AddColumns("epoch", "loss", "train acc", "val acc", "time");
        foreach (EpochReport r in Sample(history.Epochs))
        {
            table.AddRow(
                r.Epoch.ToString(CultureInfo.InvariantCulture),
                r.MeanLoss.ToString("F4", CultureInfo.InvariantCulture),
                CommonOptions.Percent(r.TrainAccuracy),
                r.ValidationAccuracy is { } v ? CommonOptions.Percent(v) : "-",
                r.Duration.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture) + " ms");
        }

        context.Console.Write(table);
    }

    /// <summary>At most about ten rows: every k-th epoch and always the last.</summary>
    private static IEnumerable<EpochReport> Sample(IReadOnlyList<EpochReport> epochs)
    {
        int step = Math.Max(1, (epochs.Count + 9) / 10);
        for (int i = 0; i < epochs.Count; i++)
        {
            if ((i + 1) % step == 0 || i == epochs.Count - 1)
            {
                yield return epochs[i];
            }
        }
    }

    private sealed record TrainSettings(string Data, int[] Hidden, string Activation, string Optimizer, double LearningRate,
        int Epochs, int BatchSize, double ValidationSplit, uint Seed, FileInfo? Save, FileInfo? Plot)
    {
        /// <summary>Every option checked before the data is read, so a typo costs no training time.</summary>
        public void Check()
        {
            if (!NetworkFactory.Activations.Contains(Activation))
            {
                throw new CliUsageException($"--activation: unknown activation '{Activation}'; use one of {string.Join(", ", NetworkFactory.Activations)}.");
            }

            if (!OptimizerFactory.Names.Contains(Optimizer))
            {
                throw new CliUsageException($"--optimizer: unknown optimizer '{Optimizer}'; use one of {string.Join(", ", OptimizerFactory.Names)}.");
            }

            if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
            {
                throw new CliUsageException(string.Create(CultureInfo.InvariantCulture, $"--lr must be a positive number, got {LearningRate}."));
            }

            if (Epochs < 1)
            {
                throw new CliUsageException($"--epochs must be at least 1, got {Epochs}.");
            }

            if (BatchSize < 1)
            {
                throw new CliUsageException($"--batch-size must be at least 1, got {BatchSize}.");
            }

            CommonOptions.CheckFraction(ValidationSplit, "--val-split");
            CommonOptions.CheckWritable(Save, "--save");
            CommonOptions.CheckWritable(Plot, "--plot");
        }
    }
}
