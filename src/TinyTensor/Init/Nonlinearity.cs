namespace TinyTensor.Init;

/// <summary>The activation that follows a layer, which sets the gain of <see cref="Initializer.CalculateGain"/>.</summary>
public enum Nonlinearity
{
    /// <summary>No activation (identity): gain 1.</summary>
    Linear,

    /// <summary>Logistic sigmoid: gain 1.</summary>
    Sigmoid,

    /// <summary>Hyperbolic tangent: gain 5/3.</summary>
    Tanh,

    /// <summary>ReLU: gain √2.</summary>
    ReLU,

    /// <summary>Leaky ReLU with a negative slope s: gain √(2 / (1 + s²)).</summary>
    LeakyReLU,
}
