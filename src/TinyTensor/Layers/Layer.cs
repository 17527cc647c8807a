using TinyTensor.Internal;

namespace TinyTensor.Layers;

/// <summary>
/// A network layer (PyTorch's <c>nn.Module</c>, the framework's <c>BaseLayer</c>): a forward function and its
/// backward rule, the <see cref="Parameter"/>s it owns, and the sub-layers it contains.
/// </summary>
/// <remarks>
/// <para><b>Parameters.</b> A layer lists the parameters it owns itself in <see cref="OwnParameters"/> (local names:
/// <c>weight</c>, <c>bias</c>) and its sub-layers in <see cref="NamedChildren"/>; <see cref="NamedParameters"/>
/// walks both recursively with PyTorch's <c>state_dict</c> names (<c>0.weight</c>, <c>1.0.bias</c>).
/// <see cref="Parameters"/> and <see cref="Grads"/> are the notebook's flat views of the same list. A layer's
/// parameters and children are fixed once it is constructed.</para>
/// <para><b>Buffers.</b> State that is not learned (BatchNorm's running statistics) is listed in
/// <see cref="OwnBuffers"/> and, recursively, <see cref="NamedBuffers"/>, as PyTorch's registered buffers: model files
/// save and load them, optimisers never see them.</para>
/// <para><b>Gradients accumulate</b> (<see cref="Parameter.PrepareGrad"/>): <see cref="ZeroGrad"/> leaves every
/// <see cref="Parameter.Grad"/> null, the next backward pass writes them, further ones add to them.</para>
/// <para><b>Train and eval mode.</b> <see cref="Training"/> is true until <see cref="Eval"/>; <see cref="Train"/>
/// and <see cref="Eval"/> set it on the layer and every sub-layer. Most layers behave the same in both modes;
/// <see cref="Dropout"/> and the BatchNorm layers read it.</para>
/// <para><b>One context per layer.</b> A layer keeps the input of its last <see cref="Forward"/> for
/// <see cref="Backward"/>, so an instance can appear only once in a network (<see cref="Sequential"/> rejects it
/// twice): weight sharing would need a context per call.</para>
/// <para><b>Threads.</b> A layer, a network and an optimiser are for one thread at a time (their buffers are
/// reused every call): use one network per thread. <see cref="Sequential"/> and the optimisers throw an
/// <see cref="InvalidOperationException"/> when they see two calls overlap; other layers do not check.</para>
/// <para><b>Buffer ownership.</b> The tensors returned by <see cref="Forward"/>, <see cref="Backward"/> and held
/// in <see cref="Grads"/> are buffers the layer owns and reuses: the next call to the same method overwrites them
/// (a layer keeps one buffer per role for each of the last two batch shapes, so a buffer returned for a batch of 64
/// is overwritten by the next batch of 64, even after a batch of 16 in between). Copy a result (<see cref="Tensor.Clone"/>) to keep it.
/// A layer also keeps a reference to the input of its last <see cref="Forward"/> for <see cref="Backward"/>: do not
/// modify that input in between.</para>
/// <para>Training a step therefore allocates nothing once the batch sizes are known, including epochs whose last
/// batch is partial (two sizes alternate); a third batch size evicts the least recently used buffer.</para>
/// <para><b>Non-finite values.</b> Layers do not check their inputs (a check per call would cost as much as a cheap
/// layer): NaN and ±∞ propagate as in NumPy (ReLU and LeakyReLU keep NaN, a Linear layer spreads one NaN over its
/// output row). Checks sit where they are cheap: <see cref="Data.Dataset"/> rejects non-finite features, the readers
/// reject malformed files, and <see cref="Training.Trainer"/> stops with a
/// <see cref="Training.TrainingDivergedException"/> as soon as a batch loss is NaN or ±∞.</para>
/// </remarks>
public abstract class Layer
{
    private Parameter[]? _allParameters;
    private ParameterValues? _parameterValues;
    private ParameterGrads? _grads;
    private Layer[]? _layers;

    /// <summary>Computes the layer's output for a batch of inputs.</summary>
    /// <param name="input">The batch, one sample per row.</param>
    /// <returns>A buffer owned by the layer, overwritten by the next <see cref="Forward"/>.</returns>
    public abstract Tensor Forward(Tensor input);

    /// <summary>
    /// Given the gradient of the loss with respect to this layer's output, adds the gradients of its parameters to
    /// their <see cref="Parameter.Grad"/> (writes them after a <see cref="ZeroGrad"/>) and returns the gradient with
    /// respect to its input.
    /// </summary>
    /// <param name="outputGradient">dL/d(output), the shape of the last <see cref="Forward"/>'s output.</param>
    /// <returns>A buffer owned by the layer (or <paramref name="outputGradient"/> itself for layers whose
    /// gradient is the identity), overwritten by the next <see cref="Backward"/>.</returns>
    /// <exception cref="InvalidOperationException"><see cref="Forward"/> has not been called.</exception>
    public abstract Tensor Backward(Tensor outputGradient);

    /// <summary>
    /// Like <see cref="Backward"/>, but only stores the parameter gradients: the gradient with respect to the input
    /// is not computed. Training needs no gradient for the network's input, so a network's first layer can skip
    /// that product (for a Linear layer, dout·Wᵀ: about a third of its backward work), as PyTorch does for inputs
    /// that do not require a gradient.
    /// </summary>
    /// <param name="outputGradient">dL/d(output), the shape of the last <see cref="Forward"/>'s output.</param>
    /// <exception cref="InvalidOperationException"><see cref="Forward"/> has not been called.</exception>
    public virtual void BackwardParameters(Tensor outputGradient) => Backward(outputGradient);

    /// <summary>The parameters this layer owns itself, not its sub-layers', in a fixed order. Empty by default.</summary>
    public virtual IReadOnlyList<Parameter> OwnParameters => [];

    /// <summary>The direct sub-layers with their names (a <see cref="Sequential"/> names them "0", "1", …). Empty by
    /// default; a container overrides it.</summary>
    public virtual IEnumerable<(string Name, Layer Module)> NamedChildren() => [];

    /// <summary>
    /// Every parameter of the layer and its sub-layers, in order (own parameters first, then each child's), with
    /// PyTorch's <c>state_dict</c> names: <c>weight</c> for a single layer, <c>0.weight</c>, <c>1.0.bias</c> in a
    /// network.
    /// </summary>
    public IEnumerable<(string Name, Parameter Parameter)> NamedParameters()
    {
        foreach (Parameter parameter in OwnParameters)
        {
            yield return (parameter.Name, parameter);
        }

        foreach ((string childName, Layer child) in NamedChildren())
        {
            foreach ((string name, Parameter parameter) in child.NamedParameters())
            {
                yield return (childName + "." + name, parameter);
            }
        }
    }

    /// <summary>
    /// The tensors this layer owns that are state but not learned (PyTorch's <em>buffers</em>, e.g. BatchNorm's
    /// <c>running_mean</c>), in a fixed order: saved in model files, never seen by an optimiser. Empty by default.
    /// </summary>
    public virtual IReadOnlyList<(string Name, Tensor Value)> OwnBuffers => [];

    /// <summary>
    /// Every buffer of the layer and its sub-layers, in order (own buffers first, then each child's), with PyTorch's
    /// <c>state_dict</c> names: <c>running_mean</c> for a single layer, <c>1.running_var</c> in a network.
    /// </summary>
    public IEnumerable<(string Name, Tensor Value)> NamedBuffers()
    {
        foreach ((string name, Tensor value) in OwnBuffers)
        {
            yield return (name, value);
        }

        foreach ((string childName, Layer child) in NamedChildren())
        {
            foreach ((string name, Tensor value) in child.NamedBuffers())
            {
                yield return (childName + "." + name, value);
            }
        }
    }

    /// <summary>The tensors a model file holds, in PyTorch's <c>state_dict</c> order: for each module its own
    /// parameters, then its own buffers, then its children's.</summary>
    internal IEnumerable<(string Name, Tensor Value)> NamedState()
    {
        foreach ((string name, Tensor value) in OwnState())
        {
            yield return (name, value);
        }

        foreach ((string childName, Layer child) in NamedChildren())
        {
            foreach ((string name, Tensor value) in child.NamedState())
            {
                yield return (childName + "." + name, value);
            }
        }
    }

    /// <summary>This layer's own parameters, then its own buffers: what its <c>LayerFormat</c> describes.</summary>
    internal IEnumerable<(string Name, Tensor Value)> OwnState() =>
        OwnParameters.Select(p => (p.Name, p.Value)).Concat(OwnBuffers);

    /// <summary>The values of <see cref="NamedParameters"/>, updated in place by an optimiser. Empty for layers
    /// without any. A live view (it reads each parameter's <see cref="Parameter.Value"/> when indexed, so it follows
    /// <see cref="To(DType)"/>).</summary>
    public IReadOnlyList<Tensor> Parameters => _parameterValues ??= new ParameterValues(AllParameters);

    /// <summary>
    /// The gradient of each entry of <see cref="Parameters"/>, in the same order; <see langword="null"/> until
    /// <see cref="Backward"/> runs and after <see cref="ZeroGrad"/>. A live view (it reads the parameters'
    /// <see cref="Parameter.Grad"/> when indexed); the tensors are buffers the layer reuses.
    /// </summary>
    public IReadOnlyList<Tensor?> Grads => _grads ??= new ParameterGrads(AllParameters);

    /// <summary>Whether the layer is in training mode (the default) rather than eval mode.</summary>
    public bool Training { get; private set; } = true;

    /// <summary>Forgets the gradients of every parameter, sub-layers' included: each <see cref="Parameter.Grad"/>
    /// becomes <see langword="null"/>.</summary>
    public virtual void ZeroGrad()
    {
        foreach (Parameter parameter in AllParameters)
        {
            parameter.ZeroGrad();
        }
    }

    /// <summary>
    /// Converts every parameter and buffer of the layer and its sub-layers to element type <paramref name="dtype"/>
    /// (PyTorch's <c>module.to(dtype)</c>): each value is replaced by its converted copy (none if it already has that
    /// type) and the gradients are forgotten. Returns this layer.
    /// </summary>
    /// <remarks>Layers follow their input's type: after <c>To(DType.Float32)</c> the network takes float32 inputs and
    /// refuses float64 ones, naming both types. An optimiser built before the conversion holds state of the old type
    /// and refuses to step; build it after. Tensors obtained earlier from <see cref="Parameters"/> or
    /// <see cref="NamedParameters"/>' values are the old ones.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dtype"/> is not a defined type.</exception>
    public Layer To(DType dtype)
    {
        DTypes.Require(dtype, nameof(dtype));
        foreach (Layer layer in SelfAndDescendants())
        {
            foreach (Parameter parameter in layer.OwnParameters)
            {
                parameter.ConvertTo(dtype);
            }

            layer.ConvertBuffers(dtype);
        }

        return this;
    }

    /// <summary>
    /// The element type of the layer's parameters and buffers, its sub-layers' included: the type its inputs must
    /// have, or <see langword="null"/> if it holds none (ReLU, Flatten: those follow whatever they are fed).
    /// </summary>
    /// <exception cref="InvalidOperationException">The tensors mix types (only possible when a sub-layer was
    /// converted on its own).</exception>
    public DType? DType
    {
        get
        {
            DType? found = null;
            foreach ((string name, Tensor value) in NamedState())
            {
                if (found is null)
                {
                    found = value.DType;
                }
                else if (found != value.DType)
                {
                    ThrowHelper.InvalidOperation(
                        $"{GetType().Name}: '{name}' is {value.DType.Name()} but earlier tensors are {found.Value.Name()}; convert the whole network with To(DType).");
                }
            }

            return found;
        }
    }

    /// <summary>Puts the layer and all its sub-layers in training mode (<see cref="Training"/> = true).</summary>
    public void Train() => SetTraining(true);

    /// <summary>Puts the layer and all its sub-layers in eval mode (<see cref="Training"/> = false), for validation
    /// and prediction.</summary>
    public void Eval() => SetTraining(false);

    /// <summary>Every parameter, in the order of <see cref="NamedParameters"/> (computed once).</summary>
    internal Parameter[] AllParameters => _allParameters ??= NamedParameters().Select(p => p.Parameter).ToArray();

    private void SetTraining(bool training)
    {
        // The tree is fixed after construction, so it is listed once and later calls allocate nothing.
        foreach (Layer layer in _layers ??= [this, .. NamedChildren().SelectMany(c => c.Module.SelfAndDescendants())])
        {
            layer.Training = training;
        }
    }

    /// <summary>Replaces the layer's own buffers (<see cref="OwnBuffers"/>) by copies of element type
    /// <paramref name="dtype"/>; called by <see cref="To(DType)"/>. A layer with buffers must override it.</summary>
    private protected virtual void ConvertBuffers(DType dtype)
    {
        if (OwnBuffers.Count > 0)
        {
            ThrowHelper.InvalidOperation($"{GetType().Name}: its buffers cannot be converted to {dtype.Name()}.");
        }
    }

    private IEnumerable<Layer> SelfAndDescendants() =>
        NamedChildren().SelectMany(c => c.Module.SelfAndDescendants()).Prepend(this);

    private protected static Tensor RequireForward(Tensor? input, string layer)
    {
        if (input is null)
        {
            throw new InvalidOperationException($"{layer}.Backward: call Forward first; there is no input to differentiate at.");
        }

        return input;
    }

    private protected static void RequireSameShape(Tensor outputGradient, Tensor output, string layer)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        if (!outputGradient.SameShape(output))
        {
            throw new ArgumentException(
                $"{layer}.Backward: the output gradient has shape {outputGradient.ShapeText}, but the last Forward produced {output.ShapeText}.",
                nameof(outputGradient));
        }
    }
}
