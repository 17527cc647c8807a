using TinyTensor.Layers;

namespace TinyTensor.Optim;

/// <summary>
/// An optimiser: updates a model's parameters in place from their gradients (<see cref="Step"/>) and forgets the
/// gradients (<see cref="ZeroGrad"/>).
/// </summary>
public abstract class Optimizer
{
    /// <summary>Binds the optimiser to <paramref name="model"/>.</summary>
    protected Optimizer(Sequential model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
    }

    /// <summary>The model whose parameters are updated.</summary>
    public Sequential Model { get; }

    /// <summary>Updates every parameter from its gradient.</summary>
    /// <exception cref="InvalidOperationException">A parameter has no gradient; nothing is updated.</exception>
    public abstract void Step();

    /// <summary>Forgets the model's gradients (<see cref="Sequential.ZeroGrad"/>).</summary>
    public virtual void ZeroGrad() => Model.ZeroGrad();

    /// <summary>
    /// Throws "No gradient for …" if any parameter lacks a gradient, so that a step updates all parameters or none.
    /// </summary>
    protected void RequireGradients()
    {
        IReadOnlyList<Layer> modules = Model.Modules;
        for (int m = modules.Count - 1; m >= 0; m--)
        {
            IReadOnlyList<Tensor> parameters = modules[m].Parameters;
            IReadOnlyList<Tensor?> grads = modules[m].Grads;
            for (int i = 0; i < parameters.Count; i++)
            {
                if (grads[i] is null)
                {
                    throw new InvalidOperationException(
                        $"{GetType().Name}.Step: No gradient for parameter {i} {parameters[i].ShapeText} of module {m} ({modules[m]}); call Backward before Step.");
                }
            }
        }
    }
}
