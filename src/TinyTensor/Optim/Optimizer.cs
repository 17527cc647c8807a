using TinyTensor.Internal;
using TinyTensor.Layers;

namespace TinyTensor.Optim;

/// <summary>
/// An optimiser over a list of <see cref="Parameter"/>s (PyTorch's <c>torch.optim.Optimizer</c>): <see cref="Step"/>
/// updates each parameter's value in place from its gradient, <see cref="ZeroGrad"/> forgets the gradients.
/// </summary>
/// <remarks>
/// <para>Per-parameter state (momentum, moments) sits in tensors parallel to <see cref="Parameters"/>, each of its
/// parameter's element type and shape, allocated on the first step; later steps allocate nothing.</para>
/// <para><b>Element types.</b> The optimiser records each parameter's element type when it is built and updates the
/// parameter in that type (float32 parameters get float32 state and float32 arithmetic; the hyper-parameters are
/// rounded to float32 as PyTorch does). A parameter whose type has changed since (<c>model.To(DType.Float32)</c> after
/// <c>new SGD(model, …)</c>) makes <see cref="Step"/> throw, naming the parameter and both types, before any
/// parameter is updated: build the optimiser after converting the model.</para>
/// <para>Not thread-safe: <see cref="Step"/> throws an <see cref="InvalidOperationException"/> if another call on the
/// same optimiser is running. Use one network and one optimiser per thread.</para>
/// </remarks>
public abstract class Optimizer
{
    private readonly Parameter[] _parameters;
    private readonly DType[] _dtypes;
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

        _dtypes = Array.ConvertAll(_parameters, p => p.Value.DType);
    }

    /// <summary>Binds the optimiser to every parameter of <paramref name="model"/> (<see cref="Layer.NamedParameters"/>).</summary>
    protected Optimizer(Layer model)
        : this(ParametersOf(model))
    {
    }

    /// <summary>The parameters updated, in order.</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>Updates every parameter from its gradient: all of them, or none if one has no gradient or has changed
    /// element type.</summary>
    /// <exception cref="InvalidOperationException">A parameter has no gradient ("No gradient for 0.weight"): call
    /// Backward after <see cref="ZeroGrad"/> and before <see cref="Step"/>, on the model this optimiser was built
    /// on. Or a parameter's element type is not the one it had when the optimiser was built (the message names both).
    /// Or another call on this optimiser is running.</exception>
    public void Step()
    {
        _guard.Enter(this, nameof(Step));
        try
        {
            for (int i = 0; i < _parameters.Length; i++)
            {
                Parameter parameter = _parameters[i];
                if (parameter.Grad is null)
                {
                    ThrowNoGradient(parameter);
                }

                if (parameter.Value.DType != _dtypes[i])
                {
                    ThrowTypeChanged(parameter, _dtypes[i]);
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

    /// <summary>One zeroed buffer per parameter, each of its parameter's element type and shape (momentum, moments).</summary>
    internal static Tensor[] AllocateState(ReadOnlySpan<Parameter> parameters)
    {
        var buffers = new Tensor[parameters.Length];
        for (int i = 0; i < buffers.Length; i++)
        {
            buffers[i] = new Tensor(parameters[i].Value.DType, parameters[i].Value.Shape);
        }

        return buffers;
    }

    private static Parameter[] ParametersOf(Layer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.AllParameters;
    }

    private void ThrowTypeChanged(Parameter parameter, DType built) =>
        ThrowHelper.InvalidOperation(
            $"{GetType().Name}.Step: parameter {parameter.FullName} is {parameter.Value.DType.Name()} but the optimiser was built for it as {built.Name()}; " +
            "the model was converted with To(DType) after the optimiser was created: create the optimiser after the conversion (no parameter was updated).");

    private void ThrowNoGradient(Parameter parameter) =>
        ThrowHelper.InvalidOperation(
            $"{GetType().Name}.Step: No gradient for {parameter.FullName} {parameter.Value.ShapeText}; call Backward after ZeroGrad and before Step, " +
            "on the model whose parameters this optimiser was built on.");
}
