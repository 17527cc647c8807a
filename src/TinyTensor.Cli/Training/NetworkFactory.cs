using System.Globalization;
using System.Text.Json.Nodes;
using TinyTensor.Init;
using TinyTensor.Layers;
using TinyTensor.Serialization;

namespace TinyTensor.Cli.Training;

/// <summary>Builds the multilayer perceptrons <c>tinytensor train</c> trains from <c>--hidden</c> and <c>--activation</c>.</summary>
/// <remarks>Activations are made from the module descriptions a model file holds (<see cref="LayerRegistry.Create"/>), so
/// the command line and the file format name the same layers; Linear layers get fresh, initialised parameters.</remarks>
internal static class NetworkFactory
{
    public static readonly string[] Activations = ["relu", "tanh", "sigmoid", "leaky-relu"];

    /// <summary>Parses "128,64" into layer widths; an empty string means no hidden layer (softmax regression).</summary>
    public static int[] ParseHidden(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        var widths = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out widths[i]) || widths[i] < 1 || widths[i] > 1 << 16)
            {
                throw new CliUsageException($"--hidden: '{text}' is not a comma-separated list of layer widths between 1 and 65536 (e.g. 128,64).");
            }
        }

        return widths;
    }

    /// <summary>
    /// inputs → [Linear → activation] per hidden width → Linear → classes logits (no softmax layer: the loss is
    /// <see cref="SoftmaxCrossEntropyLoss"/>). Weights use the initialisation suited to the activation: He/Kaiming
    /// uniform for the ReLU family, Xavier/Glorot uniform with the activation's gain otherwise.
    /// </summary>
    public static Sequential Create(int inputs, int[] hidden, int classes, string activation, RandomState rng)
    {
        var modules = new List<Layer>();
        int width = inputs;
        foreach (int next in hidden)
        {
            modules.Add(new Linear(width, next, rng, InitializerFor(activation)));
            modules.Add(ActivationLayer(activation));
            width = next;
        }

        // The output layer feeds the loss directly: Xavier with gain 1.
        modules.Add(new Linear(width, classes, rng, Initializer.XavierUniform()));
        return new Sequential([.. modules]);
    }

    private static Layer ActivationLayer(string activation) => LayerRegistry.Create(Description(activation));

    /// <summary>The model-file description of an <c>--activation</c> value.</summary>
    private static JsonObject Description(string activation) => activation switch
    {
        "relu" => new JsonObject { ["type"] = nameof(ReLU) },
        "tanh" => new JsonObject { ["type"] = nameof(Tanh) },
        "sigmoid" => new JsonObject { ["type"] = nameof(Sigmoid) },
        // PyTorch's default slope, as LeakyReLU's constructor.
        "leaky-relu" => new JsonObject { ["type"] = nameof(LeakyReLU), ["negative_slope"] = 0.01 },
        _ => throw new CliUsageException($"--activation: unknown activation '{activation}'; use one of {string.Join(", ", Activations)}."),
    };

    private static Initializer InitializerFor(string activation) => activation switch
    {
        "relu" => Initializer.KaimingUniform(Nonlinearity.ReLU),
        "leaky-relu" => Initializer.KaimingUniform(Nonlinearity.LeakyReLU),
        "tanh" => Initializer.XavierUniform(Initializer.CalculateGain(Nonlinearity.Tanh)),
        _ => Initializer.XavierUniform(Initializer.CalculateGain(Nonlinearity.Sigmoid)),
    };
}
