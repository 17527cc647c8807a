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
/// <remarks><see cref="Step"/> visits the modules in reverse order and updates the parameters in place. The momentum
/// buffers are allocated on the first <see cref="Step"/>; later steps allocate nothing.</remarks>
public sealed class SGD : Optimizer
{
    private readonly ParameterSlots _slots;
    private double[][]? _velocity;
    private bool _hasVelocity;

    /// <summary>Creates the optimiser for <paramref name="model"/>'s parameters.</summary>
    /// <param name="model">The network whose parameters to update.</param>
    /// <param name="learningRate">lr ≥ 0.</param>
    /// <param name="weightDecay">L2 penalty ≥ 0 (the framework adds weight_decay·p to the gradient).</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is negative or not finite.</exception>
    public SGD(Sequential model, double learningRate, double weightDecay = 0.0)
        : base(model)
    {
        if (!(learningRate >= 0.0) || !double.IsFinite(learningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, $"SGD: invalid learning rate: {learningRate}.");
        }

        if (!(weightDecay >= 0.0) || !double.IsFinite(weightDecay))
        {
            throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, $"SGD: invalid weight decay: {weightDecay}.");
        }

        LearningRate = learningRate;
        WeightDecay = weightDecay;
        _slots = new ParameterSlots(model);
    }

    /// <summary>Creates the optimiser with momentum, optionally Nesterov's.</summary>
    /// <param name="model">The network whose parameters to update.</param>
    /// <param name="learningRate">lr ≥ 0.</param>
    /// <param name="weightDecay">L2 penalty ≥ 0, added to the gradient before the momentum.</param>
    /// <param name="momentum">μ ≥ 0 (0 gives plain SGD, bit for bit).</param>
    /// <param name="nesterov">Whether to use Nesterov momentum (requires μ &gt; 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is negative or not finite.</exception>
    /// <exception cref="ArgumentException"><paramref name="nesterov"/> is set with μ = 0.</exception>
    public SGD(Sequential model, double learningRate, double weightDecay, double momentum, bool nesterov = false)
        : this(model, learningRate, weightDecay)
    {
        if (!(momentum >= 0.0) || !double.IsFinite(momentum))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, $"SGD: invalid momentum value: {momentum}.");
        }

        if (nesterov && momentum == 0.0)
        {
            throw new ArgumentException($"SGD: Nesterov momentum requires a momentum > 0, got {momentum}.", nameof(nesterov));
        }

        Momentum = momentum;
        Nesterov = nesterov;
    }

    /// <summary>μ, the momentum factor (0: none).</summary>
    public double Momentum { get; }

    /// <summary>Whether the update uses Nesterov momentum.</summary>
    public bool Nesterov { get; }

    /// <summary>lr.</summary>
    public double LearningRate { get; }

    /// <summary>The L2 penalty coefficient.</summary>
    public double WeightDecay { get; }

    /// <summary>Updates every parameter in place from its gradient, modules in reverse order.</summary>
    /// <exception cref="InvalidOperationException">A parameter has no gradient ("No gradient for …"): call
    /// <see cref="Sequential.Backward"/> after <see cref="Optimizer.ZeroGrad"/> and before <see cref="Step"/>.
    /// Nothing is updated in that case.</exception>
    public override void Step()
    {
        RequireGradients();
        bool firstStep = !_hasVelocity;
        if (Momentum != 0.0)
        {
            _velocity ??= ParameterSlots.AllocateBuffers(Model);
        }

        IReadOnlyList<Layer> modules = Model.Modules;
        for (int m = modules.Count - 1; m >= 0; m--)
        {
            IReadOnlyList<Tensor> parameters = modules[m].Parameters;
            IReadOnlyList<Tensor?> grads = modules[m].Grads;
            for (int i = 0; i < parameters.Count; i++)
            {
                if (Momentum == 0.0)
                {
                    // The framework's update, kept on its own kernel so its bits never change.
                    SgdKernel.Update(parameters[i].AsSpan(), grads[i]!.AsReadOnlySpan(), LearningRate, WeightDecay);
                }
                else
                {
                    SgdMomentumKernel.Update(parameters[i].AsSpan(), grads[i]!.AsReadOnlySpan(), _velocity![_slots.Of(m, i)],
                        LearningRate, WeightDecay, Momentum, Nesterov, firstStep);
                }
            }
        }

        _hasVelocity = _velocity is not null;
    }
}
