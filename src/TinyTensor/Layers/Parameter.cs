using TinyTensor.Internal;

namespace TinyTensor.Layers;

/// <summary>
/// A learned tensor and its gradient, as PyTorch's <c>nn.Parameter</c>: the layer that owns it updates
/// <see cref="Grad"/> in its backward pass, an optimiser updates <see cref="Value"/> in place.
/// </summary>
/// <remarks>
/// <para><b>Gradients accumulate</b>, as in PyTorch: <see cref="ZeroGrad"/> sets <see cref="Grad"/> to
/// <see langword="null"/>; the first backward pass after it writes the gradient, later ones add to it. A layer asks
/// for the buffer with <see cref="PrepareGrad"/>, which says which of the two to do.</para>
/// <para>The gradient buffer is allocated on the first backward pass and then reused: <see cref="ZeroGrad"/> only
/// forgets it, so training allocates nothing per step.</para>
/// </remarks>
public sealed class Parameter
{
    private Tensor? _gradBuffer;

    /// <summary>Wraps <paramref name="value"/> (not a copy: the parameter updates this tensor in place).</summary>
    /// <param name="name">The local name within its layer, e.g. <c>weight</c> or <c>bias</c>: non-empty, without '.'
    /// (a dot separates the levels of a full name such as <c>1.0.weight</c>).</param>
    /// <param name="value">The tensor to learn.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or contains '.'.</exception>
    public Parameter(string name, Tensor value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        if (name.Contains('.', StringComparison.Ordinal))
        {
            ThrowHelper.Argument(nameof(name), $"Parameter: the name '{name}' contains '.', which separates the levels of a full name.");
        }

        Name = name;
        Value = value;
        FullName = name;
    }

    /// <summary>The local name within its layer (<c>weight</c>, <c>bias</c>).</summary>
    public string Name { get; }

    /// <summary>The learned values, updated in place by an optimiser (replaced by <see cref="Layer.To(DType)"/>).</summary>
    public Tensor Value { get; private set; }

    /// <summary>dL/d<see cref="Value"/> accumulated since the last <see cref="ZeroGrad"/>, or <see langword="null"/>
    /// if no backward pass has run since. A buffer the parameter reuses.</summary>
    public Tensor? Grad { get; private set; }

    /// <summary>
    /// The name in the network this parameter was last added to (<c>0.weight</c>, <c>1.0.bias</c>), or
    /// <see cref="Name"/>; only for error messages (a layer may sit in several networks).
    /// </summary>
    internal string FullName { get; set; }

    /// <summary>Forgets the gradient: <see cref="Grad"/> becomes <see langword="null"/> (the buffer is kept).</summary>
    public void ZeroGrad() => Grad = null;

    /// <summary>
    /// The buffer a backward pass writes this parameter's gradient into, which becomes <see cref="Grad"/>.
    /// </summary>
    /// <param name="accumulate"><see langword="false"/> right after <see cref="ZeroGrad"/>: overwrite the buffer
    /// (β = 0); <see langword="true"/> when it already holds a gradient: add to it (β = 1).</param>
    /// <returns>A tensor of <see cref="Value"/>'s shape.</returns>
    public Tensor PrepareGrad(out bool accumulate)
    {
        accumulate = Grad is not null;
        return Grad = _gradBuffer ??= new Tensor(Value.DType, Value.Shape);
    }

    /// <summary>Replaces <see cref="Value"/> by its copy in <paramref name="dtype"/> (nothing if it has that type) and
    /// forgets the gradient and its buffer.</summary>
    internal void ConvertTo(DType dtype)
    {
        if (Value.DType == dtype)
        {
            return;
        }

        Value = Value.To(dtype);
        Grad = null;
        _gradBuffer = null;
    }

    /// <inheritdoc />
    public override string ToString() => $"{FullName} {Value.ShapeText}";
}
