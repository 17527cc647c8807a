using System.Numerics;
using TinyTensor.Kernels;
using TinyTensor.Layers;

namespace TinyTensor.Optim;

/// <summary>
/// Stochastic gradient descent with L2 weight decay and optional (Nesterov) momentum, as PyTorch's
/// <c>torch.optim.SGD</c> with dampening 0. For every parameter p with gradient g:
/// <code>
/// g ← g + weight_decay·p
/// v ← μ·v + g            (v ← g on the first step)
/// d ← g + μ·v if nesterov, else v
/// p ← p − lr·d
/// </code>
/// With μ = 0 this is the framework's optimiser, p ← p − lr·(g + weight_decay·p), computed with exactly its roundings.
/// </summary>
/// <remarks><see cref="Optimizer.Step"/> updates the parameters in place (each on its own, so their order does not
/// change the bits). The momentum buffers are allocated on the first step; later steps allocate nothing. A float32
/// parameter is updated in float32 with float32 momentum, lr, weight_decay and μ rounded to float32 (PyTorch's
/// rule for Python-float hyper-parameters).</remarks>
public sealed class SGD : Optimizer
{
    private Tensor[]? _velocity;
    private bool _hasVelocity;

    /// <summary>Creates the optimiser for every parameter of <paramref name="model"/> (the notebook's <c>SGD(net, lr, wd)</c>).</summary>
    /// <param name="model">The network (or single layer) whose parameters to update.</param>
    /// <param name="learningRate">lr ≥ 0.</param>
    /// <param name="weightDecay">L2 penalty ≥ 0 (the framework adds weight_decay·p to the gradient).</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is negative or not finite.</exception>
    public SGD(Layer model, double learningRate, double weightDecay = 0.0)
        : base(model) =>
        (LearningRate, WeightDecay) = CheckRates(learningRate, weightDecay);

    /// <summary>Creates the optimiser for <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The parameters to update, e.g. <c>net.NamedParameters().Select(p =&gt; p.Parameter)</c>.</param>
    /// <param name="learningRate">lr ≥ 0.</param>
    /// <param name="weightDecay">L2 penalty ≥ 0 (the framework adds weight_decay·p to the gradient).</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is negative or not finite.</exception>
    /// <exception cref="ArgumentException">A parameter is null or given twice.</exception>
    public SGD(IEnumerable<Parameter> parameters, double learningRate, double weightDecay = 0.0)
        : base(parameters) =>
        (LearningRate, WeightDecay) = CheckRates(learningRate, weightDecay);

    /// <summary>Creates the optimiser for every parameter of <paramref name="model"/>, with momentum, optionally Nesterov's.</summary>
    /// <param name="model">The network (or single layer) whose parameters to update.</param>
    /// <param name="learningRate">lr ≥ 0.</param>
    /// <param name="weightDecay">L2 penalty ≥ 0, added to the gradient before the momentum.</param>
    /// <param name="momentum">μ ≥ 0 (0 gives plain SGD, bit for bit).</param>
    /// <param name="nesterov">Whether to use Nesterov momentum (requires μ &gt; 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is negative or not finite.</exception>
    /// <exception cref="ArgumentException"><paramref name="nesterov"/> is set with μ = 0.</exception>
    public SGD(Layer model, double learningRate, double weightDecay, double momentum, bool nesterov = false)
        : this(model, learningRate, weightDecay) =>
        (Momentum, Nesterov) = CheckMomentum(momentum, nesterov);

    /// <summary>Creates the optimiser for <paramref name="parameters"/>, with momentum, optionally Nesterov's.</summary>
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="learningRate">lr ≥ 0.</param>
    /// <param name="weightDecay">L2 penalty ≥ 0, added to the gradient before the momentum.</param>
    /// <param name="momentum">μ ≥ 0 (0 gives plain SGD, bit for bit).</param>
    /// <param name="nesterov">Whether to use Nesterov momentum (requires μ &gt; 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is negative or not finite.</exception>
    /// <exception cref="ArgumentException"><paramref name="nesterov"/> is set with μ = 0, or a parameter is null or
    /// given twice.</exception>
    public SGD(IEnumerable<Parameter> parameters, double learningRate, double weightDecay, double momentum, bool nesterov = false)
        : this(parameters, learningRate, weightDecay) =>
        (Momentum, Nesterov) = CheckMomentum(momentum, nesterov);

    private static (double LearningRate, double WeightDecay) CheckRates(double learningRate, double weightDecay)
    {
        if (!(learningRate >= 0.0) || !double.IsFinite(learningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, $"SGD: invalid learning rate: {learningRate}.");
        }

        if (!(weightDecay >= 0.0) || !double.IsFinite(weightDecay))
        {
            throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, $"SGD: invalid weight decay: {weightDecay}.");
        }

        return (learningRate, weightDecay);
    }

    private static (double Momentum, bool Nesterov) CheckMomentum(double momentum, bool nesterov)
    {
        if (!(momentum >= 0.0) || !double.IsFinite(momentum))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, $"SGD: invalid momentum value: {momentum}.");
        }

        if (nesterov && momentum == 0.0)
        {
            throw new ArgumentException($"SGD: Nesterov momentum requires a momentum > 0, got {momentum}.", nameof(nesterov));
        }

        return (momentum, nesterov);
    }

    /// <summary>μ, the momentum factor (0: none).</summary>
    public double Momentum { get; }

    /// <summary>Whether the update uses Nesterov momentum.</summary>
    public bool Nesterov { get; }

    /// <summary>lr.</summary>
    public double LearningRate { get; }

    /// <summary>The L2 penalty coefficient.</summary>
    public double WeightDecay { get; }

    /// <summary>Updates every parameter in place from its gradient.</summary>
    protected override void Update(ReadOnlySpan<Parameter> parameters)
    {
        bool firstStep = !_hasVelocity;
        if (Momentum != 0.0)
        {
            _velocity ??= AllocateState(parameters);
        }

        for (int i = 0; i < parameters.Length; i++)
        {
            Parameter p = parameters[i];
            if (p.Value.DType == DType.Float32)
            {
                Update<float>(p, _velocity?[i], firstStep);
            }
            else
            {
                Update<double>(p, _velocity?[i], firstStep);
            }
        }

        _hasVelocity = _velocity is not null;
    }

    /// <summary>One parameter's update in its element type; the hyper-parameters are rounded to it once.</summary>
    private void Update<T>(Parameter p, Tensor? velocity, bool firstStep)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T lr = T.CreateTruncating(LearningRate), wd = T.CreateTruncating(WeightDecay);
        if (velocity is null)
        {
            // The framework's update, kept on its own kernel so its bits never change.
            SgdKernel.Update(p.Value.AsSpan<T>(), p.Grad!.AsReadOnlySpan<T>(), lr, wd);
        }
        else
        {
            SgdMomentumKernel.Update(p.Value.AsSpan<T>(), p.Grad!.AsReadOnlySpan<T>(), velocity.AsSpan<T>(),
                lr, wd, T.CreateTruncating(Momentum), Nesterov, firstStep);
        }
    }
}
