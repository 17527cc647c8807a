using TinyTensor.Internal;
using TinyTensor.Layers;

namespace TinyTensor.Optim;

/// <summary>
/// An optimiser over a list of <see cref="Parameter"/>s (PyTorch's <c>torch.optim.Optimizer</c>): <see cref="Step"/>
/// updates each parameter's value in place from its gradient, <see cref="ZeroGrad"/> forgets the gradients.
/// </summary>
/// <remarks>
/// <para>Per-parameter state (momentum, moments) sits in arrays parallel to <see cref="Parameters"/>, allocated on the
/// first step; later steps allocate nothing.</para>
/// <para>Not thread-safe: <see cref="Step"/> throws an <see cref="InvalidOperationException"/> if another call on the
/// same optimiser is running. Use one network and one optimiser per thread.</para>
/// </remarks>
public abstract class Optimizer
{
    private readonly Parameter[] _parameters;
    private UseGuard _guard;

    /// <summary>Binds the optimiser to <paramref name="parameters"/>, in the given order.</summary>
    /// <exception cref="ArgumentException">A parameter is null or given twice.</exception>
    protected Optimizer(IEnumerable<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = parameters.ToArray();
        var seen = new Dictionary<Parameter, int>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < _parameters.Length; i++)
        {
            Parameter parameter = _parameters[i];
            if (parameter is null)
            {
                ThrowHelper.Argument(nameof(parameters), $"{GetType().Name}: parameter {i} is null.");
            }

            if (!seen.TryAdd(parameter, i))
            {
                ThrowHelper.Argument(nameof(parameters),
                    $"{GetType().Name}: parameter {parameter.FullName} is given twice (positions {seen[parameter]} and {i}); it would be updated twice per step.");
            }
        }
    }

    /// <summary>Binds the optimiser to every parameter of <paramref name="model"/> (<see cref="Layer.NamedParameters"/>).</summary>
    protected Optimizer(Layer model)
        : this(ParametersOf(model))
    {
    }

    /// <summary>The parameters updated, in order.</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>Updates every parameter from its gradient: all of them, or none if one has no gradient.</summary>
    /// <exception cref="InvalidOperationException">A parameter has no gradient ("No gradient for 0.weight"): call
    /// Backward after <see cref="ZeroGrad"/> and before <see cref="Step"/>, on the model this optimiser was built
    /// on. Or another call on this optimiser is running.</exception>
    public void Step()
    {
        _guard.Enter(this, nameof(Step));
        try
        {
            foreach (Parameter parameter in _parameters)
            {
                if (parameter.Grad is null)
                {
                    ThrowNoGradient(parameter);
                }
            }

            Update(_parameters);
        }
        finally
        {
            _guard.Exit();
        }
    }

    /// <summary>Forgets the gradients of <see cref="Parameters"/> (each <see cref="Parameter.Grad"/> becomes null).</summary>
    public virtual void ZeroGrad()
    {
        foreach (Parameter parameter in _parameters)
        {
            parameter.ZeroGrad();
        }
    }

    /// <summary>The update rule, called by <see cref="Step"/> once every parameter has a gradient.</summary>
    /// <param name="parameters">The same array as <see cref="Parameters"/>; entry i's state is the optimiser's entry i.</param>
    protected abstract void Update(ReadOnlySpan<Parameter> parameters);

    /// <summary>One zeroed buffer per parameter, each as long as its parameter (momentum, moments).</summary>
    internal static double[][] AllocateState(ReadOnlySpan<Parameter> parameters)
    {
        var buffers = new double[parameters.Length][];
        for (int i = 0; i < buffers.Length; i++)
        {
            buffers[i] = new double[parameters[i].Value.Length];
        }

        return buffers;
    }

    private static Parameter[] ParametersOf(Layer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.AllParameters;
    }

    private void ThrowNoGradient(Parameter parameter) =>
        ThrowHelper.InvalidOperation(
            $"{GetType().Name}.Step: No gradient for {parameter.FullName} {parameter.Value.ShapeText}; call Backward after ZeroGrad and before Step, " +
            "on the model whose parameters this optimiser was built on.");
}
