using TinyTensor.Kernels;
using TinyTensor.Layers;

namespace TinyTensor.Optim;

/// <summary>
/// Stochastic gradient descent with L2 weight decay, as the framework's optimiser: for every parameter p with
/// gradient g, p ← p − lr·(g + weight_decay·p).
/// </summary>
/// <remarks><see cref="Step"/> visits the modules in reverse order and updates the parameters in place.</remarks>
public sealed class SGD : Optimizer
{
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
    }

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
        IReadOnlyList<Layer> modules = Model.Modules;
        for (int m = modules.Count - 1; m >= 0; m--)
        {
            IReadOnlyList<Tensor> parameters = modules[m].Parameters;
            IReadOnlyList<Tensor?> grads = modules[m].Grads;
            for (int i = 0; i < parameters.Count; i++)
            {
                SgdKernel.Update(parameters[i].AsSpan(), grads[i]!.AsReadOnlySpan(), LearningRate, WeightDecay);
            }
        }
    }
}
