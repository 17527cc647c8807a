using TinyTensor.Layers;

namespace TinyTensor.Optim;

/// <summary>
/// Adam (Kingma &amp; Ba 2015) as PyTorch's <c>torch.optim.Adam</c>. For every parameter p with gradient g, at step t:
/// <code>
/// g ← g + weight_decay·p                 (L2 penalty in the gradient)
/// m ← β1·m + (1 − β1)·g
/// v ← β2·v + (1 − β2)·g²
/// m̂ = m / (1 − β1ᵗ),  v̂ = v / (1 − β2ᵗ)
/// p ← p − lr·m̂ / (√v̂ + ε)               (ε outside the square root)
/// </code>
/// </summary>
/// <remarks>m and v start at 0 and are allocated on the first step; later steps allocate nothing.
/// For decoupled weight decay use <see cref="AdamW"/>.</remarks>
public sealed class Adam : Optimizer
{
    private readonly AdamState _state;

    /// <summary>Creates the optimiser for every parameter of <paramref name="model"/> (PyTorch's defaults).</summary>
    /// <param name="model">The network (or single layer) whose parameters to update.</param>
    /// <param name="learningRate">lr ≥ 0.</param>
    /// <param name="beta1">β1 in [0, 1), the decay of the first-moment average.</param>
    /// <param name="beta2">β2 in [0, 1), the decay of the second-moment average.</param>
    /// <param name="epsilon">ε ≥ 0, added to √v̂ for numerical stability.</param>
    /// <param name="weightDecay">L2 penalty ≥ 0, added to the gradient.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is out of range ("Invalid learning rate: -1").</exception>
    public Adam(Layer model, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double epsilon = 1e-8, double weightDecay = 0.0)
        : base(model) =>
        _state = new AdamState(nameof(Adam), learningRate, beta1, beta2, epsilon, weightDecay);

    /// <summary>Creates the optimiser for <paramref name="parameters"/> (PyTorch's defaults).</summary>
    /// <param name="parameters">The parameters to update, e.g. <c>net.NamedParameters().Select(p =&gt; p.Parameter)</c>.</param>
    /// <param name="learningRate">lr ≥ 0.</param>
    /// <param name="beta1">β1 in [0, 1), the decay of the first-moment average.</param>
    /// <param name="beta2">β2 in [0, 1), the decay of the second-moment average.</param>
    /// <param name="epsilon">ε ≥ 0, added to √v̂ for numerical stability.</param>
    /// <param name="weightDecay">L2 penalty ≥ 0, added to the gradient.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is out of range ("Invalid learning rate: -1").</exception>
    /// <exception cref="ArgumentException">A parameter is null or given twice.</exception>
    public Adam(IEnumerable<Parameter> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double epsilon = 1e-8, double weightDecay = 0.0)
        : base(parameters) =>
        _state = new AdamState(nameof(Adam), learningRate, beta1, beta2, epsilon, weightDecay);

    /// <summary>lr.</summary>
    public double LearningRate => _state.LearningRate;

    /// <summary>β1.</summary>
    public double Beta1 => _state.Beta1;

    /// <summary>β2.</summary>
    public double Beta2 => _state.Beta2;

    /// <summary>ε.</summary>
    public double Epsilon => _state.Epsilon;

    /// <summary>The L2 penalty coefficient.</summary>
    public double WeightDecay => _state.WeightDecay;

    /// <summary>t, the number of steps taken.</summary>
    public long StepCount => _state.StepCount;

    /// <summary>Updates every parameter in place from its gradient.</summary>
    protected override void Update(ReadOnlySpan<Parameter> parameters) =>
        _state.Step(parameters, decoupled: false);
}
