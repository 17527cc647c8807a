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
/// <c>tinytensor train</c>: trains a multilayer perceptron (or, with <c>--model cnn</c> / <c>--arch</c>, any network
/// <see cref="ArchitectureParser"/> builds) on a data set with mini-batches, shows progress, then
/// prints a summary, saves the model (safetensors) and plots the loss and validation accuracy per epoch.
/// </summary>
internal static class TrainCommand
{
    /// <summary>Exit code of a run stopped by Ctrl-C (128 + SIGINT, as shells report it), after saving.</summary>
    public const int Interrupted = 130;

    private const double MaxLearningRate = 1000.0;
    private const int MaxEpochs = 1_000_000;

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
        Option<double?> learningRate = OptionValues.Double("--lr", 0.0, true, MaxLearningRate, false,
            $"Learning rate in (0, {MaxLearningRate}] (default: 1e-3 for adam/adamw, 0.05 for the SGD family).");
        Option<int> epochs = OptionValues.Int("--epochs", "-e", 20, 1, MaxEpochs, $"Passes over the training data, 1 … {MaxEpochs}.");
        Option<int> batchSize = OptionValues.Int("--batch-size", "-b", 32, 1, int.MaxValue,
            "Samples per mini-batch (a size above the number of training samples means one batch of all of them).");
        Option<double?> validationSplit = CommonOptions.ValidationSplit();
        Option<uint> seed = CommonOptions.Seed();
        Option<string?> labelColumn = CommonOptions.LabelColumn();
        Option<string?> maxMemory = CommonOptions.MaxMemory();
        var standardize = new Option<bool>("--standardize")
        {
            Description = "Z-score every feature with the training split's mean and standard deviation (stored in the model as a first layer, so eval and predict apply it).",
        };
        var modelKind = new Option<string>("--model")
        {
            Description = $"mlp (the --hidden/--activation network) or cnn (the small CNN '{ArchitectureParser.DefaultCnn}', for image data).",
            DefaultValueFactory = _ => "mlp",
        };
        var architecture = new Option<string?>("--arch")
        {
            Description = "Any supported network as a layer list, e.g. 'conv32k3p1,relu,maxpool2,flatten,linear128,relu,dropout0.25,linear' (overrides --model).",
        };
        var save = new Option<string>("--save")
        {
            Description = "Where to save the trained model (safetensors); 'none' to skip.",
            DefaultValueFactory = _ => "model.safetensors",
        };
        Option<string> dtype = CommonOptions.ElementType(
            "Element type of the network, its training and its saved file: float64 (the notebook's precision) or float32 (twice the SIMD width, half the memory).",
            "float64");
        var plot = new Option<string>("--plot")
        {
            Description = "Where to write the plot of loss and validation accuracy per epoch (PNG); 'none' to skip.",
            DefaultValueFactory = _ => "training-history.png",
        };

        var command = new Command("train", "Train a multilayer perceptron, or a CNN (--model cnn, --arch), on a data set.")
        {
            data, hidden, activation, optimizer, learningRate, epochs, batchSize, validationSplit, seed, save, plot, labelColumn, maxMemory, standardize,
            modelKind, architecture, dtype,
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
                parsed.GetValue(validationSplit) ?? 0.2,
                parsed.GetValue(seed),
                NotebookCommand.OptionalFile(parsed.GetValue(save)),
                NotebookCommand.OptionalFile(parsed.GetValue(plot)),
                parsed.GetValue(labelColumn),
                CommonOptions.ParseMaxMemory(parsed.GetValue(maxMemory)),
                parsed.GetValue(standardize),
                ArchitectureParser.Choose(parsed.GetValue(modelKind)!.ToLowerInvariant(), parsed.GetValue(architecture), parsed.GetValue(standardize)),
                CommonOptions.ParseElementType(parsed.GetValue(dtype)!));
            return Run(context, settings);
        });
        return command;
    }


    private static int Run(CliContext context, TrainSettings s)
    {
        s.Check();
        var clock = Stopwatch.StartNew();
        Dataset dataset = DataSource.Load(s.Data, CommonOptions.DataOptions(s.LabelColumn, s.MaxBytes));
        if (s.ValidationSplit > 0)
        {
            ModelData.CheckSplit(s.ValidationSplit, dataset.Count);
        }

        int trainCount = s.ValidationSplit > 0 ? dataset.Count - (int)Math.Ceiling(s.ValidationSplit * dataset.Count) : dataset.Count;
        int batchSize = Math.Clamp(s.BatchSize, 1, Math.Max(1, trainCount));
        if (s.Architecture is null)
        {
            NetworkBudget.Check(dataset.FeatureCount, s.Hidden, dataset.ClassCount, batchSize, s.Optimizer, s.MaxBytes, s.Standardize);
        }

        (DataLoader loader, Standardize? standardizer) = MakeLoader(dataset, s, batchSize);

        // The weights draw from their own generator, seeded like the split, so --seed fixes the whole run; they are
        // drawn in float64 and converted (rounded) for --dtype float32, so both types start from the same network.
        // The trainer, the loader's batches and the loss follow the model's type.
        Sequential model = s.Architecture is null
            ? NetworkFactory.Create(dataset.FeatureCount, s.Hidden, dataset.ClassCount, s.Activation, new RandomState(s.Seed))
            : ArchitectureParser.Parse(s.Architecture, dataset.SampleShape, dataset.ClassCount, new RandomState(s.Seed));
        AsType(model, s.DType);
        AsType(standardizer, s.DType);
        var trainer = new Trainer(model, new SoftmaxCrossEntropyLoss(), OptimizerFactory.Create(s.Optimizer, model, s.LearningRate), loader);

        string batch = loader.BatchSize < s.BatchSize ? $"{loader.BatchSize} (all samples)" : $"{loader.BatchSize}";
        context.Output.WriteLine(
            $"training {model} on {s.Data}: {loader.Train.Count} samples, {loader.Validation?.Count ?? 0} held out; " +
            $"{s.Optimizer} lr {s.LearningRate.ToString("G", CultureInfo.InvariantCulture)}, batch {batch}, {s.Epochs} epochs, seed {s.Seed}, {s.DType.Name()}" +
            (standardizer is null ? "" : "; features standardised (training split's mean and σ)"));
        (TrainingHistory history, bool interrupted) = FitUntilInterrupted(context, trainer, s.Epochs);

        if (history.Count > 0)
        {
            PrintSummary(context, history);
        }

        if (s.Save is not null)
        {
            ModelFile.Save(standardizer is null ? model : new Sequential([standardizer, .. model.Modules]), s.Save.FullName);
            context.Output.WriteLine($"model saved to {s.Save.FullName}");
        }

        if (s.Plot is not null && history.Count > 0)
        {
            PlotFiles.SaveTrainingHistory(history, s.Plot.FullName);
            context.Output.WriteLine($"plot saved to {s.Plot.FullName}");
        }

        if (history.Last is { } last)
        {
            context.Output.WriteLine($"training accuracy {CommonOptions.Percent(last.TrainAccuracy)}");
        }

        if (history.LastValidationAccuracy is { } validation)
        {
            context.Output.WriteLine($"validation accuracy {CommonOptions.Percent(validation)}");
        }

        context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done in {clock.Elapsed.TotalSeconds:F1} s"));
        if (interrupted)
        {
            context.Output.WriteLine($"interrupted after {history.Count} of {s.Epochs} epochs; the model saved is the one trained so far");
            return Interrupted;
        }

        return CliApp.Success;
    }

    /// <summary>Converts <paramref name="layer"/> to <paramref name="dtype"/> unless it already has it (models are built
    /// in float64, and a float64 layer is left as it is).</summary>
    private static void AsType(Layer? layer, DType dtype)
    {
        if (layer is not null && layer.DType is { } current && current != dtype)
        {
            layer.To(dtype);
        }
    }

    /// <summary>
    /// The batches and the validation set, standardised with the training split's statistics when asked. The split
    /// and the epoch shuffles draw from one generator seeded with --seed, as <see cref="DataLoader.WithValidationSplit(Dataset, double, int, uint, bool)"/>.
    /// </summary>
    private static (DataLoader Loader, Standardize? Standardizer) MakeLoader(Dataset dataset, TrainSettings s, int batchSize)
    {
        var random = new RandomState(s.Seed);
        Dataset train = dataset, validation = null!;
        if (s.ValidationSplit > 0)
        {
            DatasetSplit split = dataset.Split(s.ValidationSplit, random);
            (train, validation) = (split.Train, split.Validation);
        }

        Standardize? standardizer = null;
        if (s.Standardize)
        {
            standardizer = Standardizer.Fit(train);
            train = Standardizer.Apply(standardizer, train);
            validation = validation is null ? null! : Standardizer.Apply(standardizer, validation);
        }

        return (new DataLoader(train, batchSize, shuffle: true, random, validation), standardizer);
    }

    /// <summary>
    /// Trains; the first Ctrl-C stops after the current batch (the caller then saves what was trained), a second one
    /// ends the process as usual.
    /// </summary>
    private static (TrainingHistory History, bool Interrupted) FitUntilInterrupted(CliContext context, Trainer trainer, int epochs)
    {
        using var stop = new CancellationTokenSource();
        void OnCancel(object? sender, ConsoleCancelEventArgs e)
        {
            if (stop.IsCancellationRequested)
            {
                return; // second Ctrl-C: let the runtime end the process
            }

            e.Cancel = true;
            context.Error.WriteLine("interrupt: stopping after the current batch and saving; press Ctrl-C again to abort without saving");
            stop.Cancel();
        }

        Console.CancelKeyPress += OnCancel;
        try
        {
            DataLoader data = trainer.Data;
            return (EpochProgress.Run(context, epochs, data.BatchCount, p => data.BatchProgress = p,
                progress => trainer.Fit(epochs, progress, stop.Token)), false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return (trainer.History, true);
        }
        finally
        {
            Console.CancelKeyPress -= OnCancel;
        }
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
        int Epochs, int BatchSize, double ValidationSplit, uint Seed, FileInfo? Save, FileInfo? Plot, string? LabelColumn, long MaxBytes, bool Standardize, string? Architecture, DType DType)
    {
        /// <summary>Every option checked before the data is read, so a typo costs no training time.</summary>
        public void Check()
        {
            if (!NetworkFactory.Activations.Contains(Activation))
            {
                throw new CliUsageException($"--activation: unknown activation '{OptionValues.Shown(Activation)}'; use one of {string.Join(", ", NetworkFactory.Activations)}.");
            }

            if (!OptimizerFactory.Names.Contains(Optimizer))
            {
                throw new CliUsageException($"--optimizer: unknown optimizer '{OptionValues.Shown(Optimizer)}'; use one of {string.Join(", ", OptimizerFactory.Names)}.");
            }

            CommonOptions.CheckFraction(ValidationSplit, "--val-split");
            CommonOptions.DataOptions(LabelColumn, MaxBytes);
            CommonOptions.CheckWritable(Save, "--save");
            CommonOptions.CheckWritable(Plot, "--plot");
            CommonOptions.CheckDistinct([("--save", Save), ("--plot", Plot)], [.. DataSource.InputFiles(Data).Select(f => ("--data", f))]);
        }
    }
}
