using TinyTensor.Internal;
using TinyTensor.Kernels;

namespace TinyTensor.Layers;

/// <summary>
/// A chain of layers: <see cref="Forward"/> feeds each module's output to the next; <see cref="Backward"/> runs
/// the modules' backward passes in reverse order. Its children are named "0", "1", … (<see cref="Layer.NamedParameters"/>
/// gives <c>0.weight</c>, and <c>1.0.weight</c> for a nested chain).
/// </summary>
/// <remarks>
/// <para><b>No layer twice.</b> A layer keeps the input of its last forward call for its backward pass, so one
/// instance used at two positions (weight sharing, <c>new Sequential(shared, new Tanh(), shared)</c>) would give
/// wrong gradients silently. Without a context per call the honest answer is to refuse it: the constructor throws
/// an <see cref="ArgumentException"/> naming both positions, nested chains included.</para>
/// <para><b>Softmax.</b> A <see cref="Softmax"/> whose backward is not the identity the framework assumes (any
/// position but the network's last) makes <see cref="Backward"/> throw (see <see cref="Softmax"/>).</para>
/// <para><b>Threads.</b> <see cref="Forward"/>, <see cref="Backward"/> and <see cref="BackwardParameters"/> throw an
/// <see cref="InvalidOperationException"/> if another of them is running on the same network: use one network per
/// thread.</para>
/// </remarks>
public sealed class Sequential : Layer
{
    private readonly Layer[] _modules;
    private readonly (string Name, Layer Module)[] _children;
    private readonly IReadOnlyList<(string Name, Layer Module)> _childrenView;
    private readonly string? _misplacedSoftmax;
    private UseGuard _guard;

    /// <summary>Chains <paramref name="modules"/> in the given order.</summary>
    /// <exception cref="ArgumentException">No module is given, one is null, or one layer instance (or parameter)
    /// appears twice, at any depth.</exception>
    public Sequential(params Layer[] modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        if (modules.Length == 0)
        {
            ThrowHelper.Argument(nameof(modules), "Sequential: give at least one module.");
        }

        for (int i = 0; i < modules.Length; i++)
        {
            if (modules[i] is null)
            {
                ThrowHelper.Argument(nameof(modules), $"Sequential: module {i} is null.");
            }
        }

        _modules = (Layer[])modules.Clone();
        _children = new (string, Layer)[_modules.Length];
        for (int i = 0; i < _modules.Length; i++)
        {
            _children[i] = (i.ToString(System.Globalization.CultureInfo.InvariantCulture), _modules[i]);
        }

        _childrenView = Array.AsReadOnly(_children);
        RejectSharing();
        _misplacedSoftmax = FindMisplacedSoftmax();

        // Error messages name a parameter by its place in the outermost network built so far.
        foreach ((string name, Parameter parameter) in NamedParameters())
        {
            parameter.FullName = name;
        }
    }

    /// <summary>The modules, in forward order.</summary>
    public IReadOnlyList<Layer> Modules => _modules;

    /// <summary>The modules named "0", "1", … in forward order.</summary>
    public override IEnumerable<(string Name, Layer Module)> NamedChildren() => _childrenView;

    /// <summary>Runs the modules in order; returns the last module's output buffer.</summary>
    /// <exception cref="InvalidOperationException">Another call on this network is running.</exception>
    public override Tensor Forward(Tensor input)
    {
        _guard.Enter(this, nameof(Forward));
        try
        {
            Tensor x = input;
            foreach (Layer module in _modules)
            {
                x = module.Forward(x);
            }

            return x;
        }
        finally
        {
            _guard.Exit();
        }
    }

    /// <summary>Runs the modules' backward passes in reverse order; returns dL/d(input).</summary>
    /// <exception cref="InvalidOperationException">A <see cref="Softmax"/> sits before the last position, or another
    /// call on this network is running.</exception>
    public override Tensor Backward(Tensor outputGradient)
    {
        RequireSoftmaxLast();
        _guard.Enter(this, nameof(Backward));
        try
        {
            Tensor gradient = outputGradient;
            for (int i = _modules.Length - 1; i >= 0; i--)
            {
                gradient = _modules[i].Backward(gradient);
            }

            return gradient;
        }
        finally
        {
            _guard.Exit();
        }
    }

    /// <summary>
    /// Runs the modules' backward passes in reverse order, storing every parameter gradient, but skips the
    /// gradient with respect to the network's input, which training does not need: the fast way to train.
    /// </summary>
    /// <exception cref="InvalidOperationException">As <see cref="Backward"/>.</exception>
    public override void BackwardParameters(Tensor outputGradient)
    {
        RequireSoftmaxLast();
        _guard.Enter(this, nameof(BackwardParameters));
        try
        {
            Tensor gradient = outputGradient;
            for (int i = _modules.Length - 1; i > 0; i--)
            {
                gradient = _modules[i].Backward(gradient);
            }

            _modules[0].BackwardParameters(gradient);
        }
        finally
        {
            _guard.Exit();
        }
    }

    /// <summary>The predicted class of each row: the index of the largest output (the first one on ties, like
    /// <c>np.argmax</c>).</summary>
    /// <param name="input">(N, features).</param>
    /// <returns>N class indices.</returns>
    /// <exception cref="InvalidOperationException">The network's output is not (N, C) with C ≥ 1.</exception>
    public int[] Predict(Tensor input)
    {
        Tensor output = Forward(input);
        if (output.Rank != 2 || (output.Columns == 0 && output.Rows > 0))
        {
            // C = 0 leaves no class to pick: refused here rather than read past the row in the arg-max kernel.
            ThrowHelper.InvalidOperation($"Sequential.Predict: the network's output has shape {output.ShapeText}; expected (N, C) with C ≥ 1.");
        }

        var predictions = new int[output.Rows];
        RowArgMax.Compute(output, output.Rows, output.Columns, predictions);
        return predictions;
    }

    /// <inheritdoc />
    public override string ToString() => "Sequential(" + string.Join(", ", _modules.Select(m => m.ToString())) + ")";

    private void RequireSoftmaxLast()
    {
        if (_misplacedSoftmax is not null)
        {
            ThrowHelper.InvalidOperation(
                $"Sequential.Backward: module {_misplacedSoftmax} is a Softmax that is not the network's last layer. Softmax.Backward is the identity, " +
                "valid only where CrossEntropyLoss.Backward has already folded in the softmax Jacobian (a Softmax as the last layer); " +
                "here its gradient would be wrong. Output logits instead and train with SoftmaxCrossEntropyLoss.");
        }
    }

    /// <summary>The position of a Softmax that ends a module before the last (e.g. "1" or "0.2"), or null.</summary>
    private string? FindMisplacedSoftmax()
    {
        for (int i = 0; i < _modules.Length - 1; i++)
        {
            string? inner = EndingSoftmax(_modules[i]);
            if (inner is not null)
            {
                return inner.Length == 0 ? _children[i].Name : _children[i].Name + "." + inner;
            }
        }

        return null;
    }

    /// <summary>"" if <paramref name="module"/> is a Softmax, the path inside it if it is a chain ending in one, else null.</summary>
    private static string? EndingSoftmax(Layer module) => module switch
    {
        Softmax => "",
        Sequential chain when EndingSoftmax(chain._modules[^1]) is { } inner =>
            inner.Length == 0 ? chain._children[^1].Name : chain._children[^1].Name + "." + inner,
        _ => null,
    };

    /// <summary>Throws if a layer instance, or a parameter, appears at two positions of the tree.</summary>
    private void RejectSharing()
    {
        var layers = new Dictionary<Layer, string>(ReferenceEqualityComparer.Instance);
        var parameters = new Dictionary<Parameter, string>(ReferenceEqualityComparer.Instance);
        foreach ((string name, Layer module) in _children)
        {
            Visit(module, name);
        }

        void Visit(Layer layer, string path)
        {
            if (!layers.TryAdd(layer, path))
            {
                ThrowHelper.Argument("modules",
                    $"Sequential: the same {layer} instance is at positions {layers[layer]} and {path}. A layer keeps the input of its last Forward " +
                    "for Backward, so sharing one instance would give wrong gradients; give each position its own layer.");
            }

            foreach (Parameter parameter in layer.OwnParameters)
            {
                string name = path + "." + parameter.Name;
                if (!parameters.TryAdd(parameter, name))
                {
                    ThrowHelper.Argument("modules", $"Sequential: the same parameter is at {parameters[parameter]} and {name}; give each layer its own parameters.");
                }
            }

            foreach ((string childName, Layer child) in layer.NamedChildren())
            {
                Visit(child, path + "." + childName);
            }
        }
    }
}
