using TinyTensor.Init;
using TinyTensor.Layers;

namespace TinyTensor.Interop.Tests.Support;

/// <summary>Small networks with realistic weights (He/Xavier, not the framework's 1e-4, whose outputs are all ~0).</summary>
internal static class Networks
{
    /// <summary>The hidden activations the exporter knows, by name, for test cases.</summary>
    public static IEnumerable<string> ActivationNames => ["relu", "leaky-relu", "sigmoid", "tanh"];

    public static Layer Activation(string name) => name switch
    {
        "relu" => new ReLU(),
        "leaky-relu" => new LeakyReLU(0.1),
        "sigmoid" => new Sigmoid(),
        "tanh" => new Tanh(),
        _ => throw new ArgumentException($"no activation {name}", nameof(name)),
    };

    /// <summary>in → 16 → 8 → out with <paramref name="activation"/> after each hidden layer, then optionally Softmax.</summary>
    public static Sequential Mlp(int inputs, int outputs, string activation, bool softmax, uint seed = 0)
    {
        var rng = new RandomState(seed);
        List<Layer> modules =
        [
            new Linear(inputs, 16, rng, Initializer.KaimingUniform()), Activation(activation),
            new Linear(16, 8, rng, Initializer.KaimingUniform()), Activation(activation),
            new Linear(8, outputs, rng, Initializer.XavierUniform()),
        ];
        if (softmax)
        {
            modules.Add(new Softmax());
        }

        return new Sequential([.. modules]);
    }

    /// <summary>A (rows, columns) batch of standard normal values, some of them negative (for the activations' two sides).</summary>
    public static Tensor Batch(int rows, int columns, uint seed = 1) => new RandomState(seed).Randn(rows, columns);
}
