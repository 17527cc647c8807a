using System.CommandLine;
using System.Globalization;
using TinyTensor.Cli.Plotting;
using TinyTensor.Layers;
using TinyTensor.Optim;

namespace TinyTensor.Cli.Commands;

/// <summary>
/// <c>tinytensor notebook</c>: replays the ECE285 notebook from its seeds and prints what the notebook prints.
/// </summary>
internal static class NotebookCommand
{
    private const int InputSize = 4;
    private const int HiddenSize = 10;
    private const int NumClasses = 3;
    private const int NumInputs = 10;

    /// <summary>The loss of every epoch is kept for the plot: 10⁷ epochs are 80 MB (and about 10 s).</summary>
    private const int MaxEpochs = 10_000_000;

    public static Command Create(CliContext context)
    {
        var plot = new Option<string>("--plot")
        {
            Description = "Where to write the loss-history plot (PNG); 'none' to skip.",
            DefaultValueFactory = _ => "loss-history.png",
        };
        Option<int> epochs = OptionValues.Int("--epochs", null, 1000, 1, MaxEpochs, $"Training epochs, 1 … {MaxEpochs} (the notebook uses 1000).");
        var command = new Command("notebook", "Replay the ECE285 'Neural Network in NumPy' notebook from its seeds.")
        {
            plot,
            epochs,
        };
        command.SetAction(parseResult => Run(context, OptionalFile(parseResult.GetValue(plot)), parseResult.GetValue(epochs)));
        return command;
    }

    /// <summary>A path, or null for "none" or an empty value.</summary>
    public static FileInfo? OptionalFile(string? path) =>
        string.IsNullOrWhiteSpace(path) || path.Equals("none", StringComparison.OrdinalIgnoreCase) ? null : new FileInfo(path);

    public static int Run(CliContext context, FileInfo? plotFile, int epochs)
    {
        if (epochs is < 1 or > MaxEpochs)
        {
            throw new CliUsageException($"--epochs must be in [1, {MaxEpochs}], got {epochs}.");
        }

        CommonOptions.CheckWritable(plotFile, "--plot");
        TextWriter output = context.Output;
        // init_toy_model: seed(0); Linear(4, 10); ReLU; Linear(10, 3); Softmax
        var rng = new RandomState(0);
        var net = new Sequential(
            new Linear(InputSize, HiddenSize, rng), new ReLU(), new Linear(HiddenSize, NumClasses, rng), new Softmax());

        // init_toy_data: seed(0); X = 10 * randn(10, 4); y = randint(3, size=10)
        rng.Seed(0);
        Tensor x = 10 * rng.Randn(NumInputs, InputSize);
        int[] y = rng.RandInt(0, NumClasses, NumInputs);

        // Forward pass: scores = net.forward(X); print(scores); print(correct_scores); their difference.
        Tensor scores = net.Forward(x).Clone();
        var correctScores = Tensor.FromArray(NotebookReference.CorrectScores);
        output.WriteLine("Your scores:");
        output.WriteLine(scores.ToString());
        output.WriteLine();
        output.WriteLine("correct scores:");
        output.WriteLine(correctScores.ToString());
        output.WriteLine();
        output.WriteLine("Difference between your scores and correct scores:");
        output.WriteLine(Repr((scores - correctScores).Abs().Sum()));
        output.WriteLine();

        // Loss.
        var lossFunction = new CrossEntropyLoss();
        double loss = lossFunction.Forward(scores, y);
        output.WriteLine(Repr(loss));
        output.WriteLine("Difference between your loss and correct loss:");
        output.WriteLine(Repr(Math.Abs(loss - NotebookReference.CorrectLoss)));
        output.WriteLine();

        // Backward pass: gradient shapes and their difference from the notebook's.
        net.Backward(lossFunction.Backward());
        var gradients = new List<Tensor>();
        foreach (Layer module in net.Modules)
        {
            foreach (Tensor? grad in module.Grads)
            {
                Tensor gradient = grad ?? throw new InvalidOperationException("No Gradient");
                output.WriteLine(gradient.ShapeText);
                gradients.Add(gradient);
            }
        }

        double gradientDifference =
            (gradients[0] - Notebook(NotebookReference.GradW1, 4, 10)).Abs().Sum()
            + (gradients[1] - Notebook(NotebookReference.GradB1, 10)).Abs().Sum()
            + (gradients[2] - Notebook(NotebookReference.GradW2, 10, 3)).Abs().Sum()
            + (gradients[3] - Notebook(NotebookReference.GradB2, 3)).Abs().Sum();
        output.WriteLine($"Difference in Gradient values {Repr(gradientDifference)}");
        output.WriteLine();

        // Training: 1000 epochs, full batch, SGD(lr=0.1, weight_decay=1e-5).
        var optim = new SGD(net, learningRate: 0.1, weightDecay: 0.00001);
        var epochLoss = new double[epochs];
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            Tensor outputX = net.Forward(x);
            epochLoss[epoch] = lossFunction.Forward(outputX, y);
            optim.ZeroGrad();
            net.Backward(lossFunction.Backward());
            optim.Step();
            if ((epoch + 1) % 50 == 0)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Epoch {epoch + 1}, loss={epochLoss[epoch]:F6}"));
            }
        }

        output.WriteLine();
        output.WriteLine("[" + string.Join(' ', net.Predict(x)) + "]");
        output.WriteLine("[" + string.Join(' ', y) + "]");
        output.WriteLine();
        output.WriteLine($"Final training loss {Repr(epochLoss[^1])}");

        if (plotFile is not null)
        {
            PlotFiles.SaveLossHistory(epochLoss, plotFile.FullName);
            output.WriteLine($"Loss history plot: {plotFile.FullName}");
        }

        return 0;
    }

    /// <summary>One of the notebook's printed arrays as a tensor of its shape.</summary>
    private static Tensor Notebook(double[] values, params int[] shape) => Tensor.FromArray(values, shape);

    /// <summary>Python's repr of a float: the shortest string that round-trips, with a lower-case exponent.</summary>
    private static string Repr(double value) =>
        value.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);
}
