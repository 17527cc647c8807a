using TinyTensor.Layers;
using TinyTensor.Optim;

namespace TinyTensor.Cli.Training;

/// <summary>The optimisers <c>--optimizer</c> names, with the usual defaults for what the command line does not set.</summary>
internal static class OptimizerFactory
{
    public static readonly string[] Names = ["sgd", "momentum", "nesterov", "adam", "adamw"];

    /// <summary>The learning rate used when <c>--lr</c> is not given: 1e-3 for Adam/AdamW, 0.05 for the SGD family.</summary>
    public static double DefaultLearningRate(string name) => name is "adam" or "adamw" ? 1e-3 : 0.05;

    public static Optimizer Create(string name, Layer model, double learningRate) => name switch
    {
        "sgd" => new SGD(model, learningRate),
        "momentum" => new SGD(model, learningRate, weightDecay: 0.0, momentum: 0.9),
        "nesterov" => new SGD(model, learningRate, weightDecay: 0.0, momentum: 0.9, nesterov: true),
        "adam" => new Adam(model, learningRate),
        "adamw" => new AdamW(model, learningRate),
        _ => throw new CliUsageException($"--optimizer: unknown optimizer '{name}'; use one of {string.Join(", ", Names)}."),
    };
}
