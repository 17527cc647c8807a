using TinyTensor.Internal;
using TinyTensor.Kernels;

namespace TinyTensor.Layers;

/// <summary>
/// A chain of layers: <see cref="Forward"/> feeds each module's output to the next; <see cref="Backward"/> runs
/// the modules' backward passes in reverse order.
/// </summary>
public sealed class Sequential : Layer
{
    private readonly Layer[] _modules;
    private readonly Tensor[] _parameters;

    /// <summary>Chains <paramref name="modules"/> in the given order.</summary>
    /// <exception cref="ArgumentException">No module is given, or one is null.</exception>
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
        _parameters = _modules.SelectMany(m => m.Parameters).ToArray();
    }

    /// <summary>The modules, in forward order.</summary>
    public IReadOnlyList<Layer> Modules => _modules;

    /// <summary>Every module's parameters, in forward order.</summary>
    public override IReadOnlyList<Tensor> Parameters => _parameters;

    /// <summary>Every module's gradients, in the order of <see cref="Parameters"/> (a new list each call).</summary>
    public override IReadOnlyList<Tensor?> Grads => _modules.SelectMany(m => m.Grads).ToArray();

    /// <summary>Runs the modules in order; returns the last module's output buffer.</summary>
    public override Tensor Forward(Tensor input)
    {
        Tensor x = input;
        foreach (Layer module in _modules)
        {
            x = module.Forward(x);
        }

        return x;
    }

    /// <summary>Runs the modules' backward passes in reverse order; returns dL/d(input).</summary>
    public override Tensor Backward(Tensor outputGradient)
    {
        Tensor gradient = outputGradient;
        for (int i = _modules.Length - 1; i >= 0; i--)
        {
            gradient = _modules[i].Backward(gradient);
        }

        return gradient;
    }

    /// <summary>
    /// Runs the modules' backward passes in reverse order, storing every parameter gradient, but skips the
    /// gradient with respect to the network's input, which training does not need: the fast way to train.
    /// </summary>
    public override void BackwardParameters(Tensor outputGradient)
    {
        Tensor gradient = outputGradient;
        for (int i = _modules.Length - 1; i > 0; i--)
        {
            gradient = _modules[i].Backward(gradient);
        }

        _modules[0].BackwardParameters(gradient);
    }

    /// <summary>Forgets every module's gradients.</summary>
    public override void ZeroGrad()
    {
        foreach (Layer module in _modules)
        {
            module.ZeroGrad();
        }
    }

    /// <summary>The predicted class of each row: the index of the largest output (the first one on ties, like
    /// <c>np.argmax</c>).</summary>
    /// <param name="input">(N, features).</param>
    /// <returns>N class indices.</returns>
    public int[] Predict(Tensor input)
    {
        Tensor output = Forward(input);
        if (output.Rank != 2)
        {
            ThrowHelper.InvalidOperation($"Sequential.Predict: the network's output has shape {output.ShapeText}; expected (N, C).");
        }

        var predictions = new int[output.Rows];
        RowArgMax.Compute(output.AsReadOnlySpan(), output.Rows, output.Columns, predictions);
        return predictions;
    }

    /// <inheritdoc />
    public override string ToString() => "Sequential(" + string.Join(", ", _modules.Select(m => m.ToString())) + ")";
}
