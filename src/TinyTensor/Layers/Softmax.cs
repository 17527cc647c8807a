using TinyTensor.Internal;
using TinyTensor.Kernels;
using TinyTensor.Serialization;

namespace TinyTensor.Layers;

/// <summary>
/// Row-wise softmax: y[i, :] = exp(x[i, :] − max x[i, :]) / Σ_j exp(x[i, j] − max x[i, :]).
/// </summary>
/// <remarks>
/// <para>Shapes: x and y are (N, C).</para>
/// <para>As in the framework, <see cref="Backward"/> is the identity: the softmax Jacobian is folded into
/// <see cref="CrossEntropyLoss.Backward"/>, whose result is already the gradient with respect to the softmax
/// input. That holds only where the framework fuses the two: as the network's last layer, fed by
/// <see cref="CrossEntropyLoss.Backward"/>. <see cref="Sequential.Backward"/> therefore throws an
/// <see cref="InvalidOperationException"/> for a Softmax anywhere else (its gradient would silently be wrong);
/// to train on probabilities inside a network, end it with logits and use <see cref="SoftmaxCrossEntropyLoss"/>.
/// Called directly, <see cref="Backward"/> is the identity as in the framework.</para>
/// <para>Element type: the input's (no parameters); exp and the division in that type, each row's sum accumulated in
/// float64 (NumPy's pairwise sum for float64 input).</para>
/// </remarks>
public sealed class Softmax : Layer
{
    private Tensor? _output;
    private readonly BufferSlots _outputs = new();

    /// <summary>The row-wise softmax of a (N, C) batch, in a buffer the layer reuses.</summary>
    /// <exception cref="ArgumentException"><paramref name="input"/> is not 2-D.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 2)
        {
            ThrowHelper.Argument(nameof(input), $"Softmax.Forward: expected (N, C) scores, got shape {input.ShapeText}.");
        }

        Tensor output = _output = _outputs.Get(input, avoid: input);
        if (input.DType == TinyTensor.DType.Float32)
        {
            SoftmaxKernel.Forward(input.AsReadOnlySpan<float>(), output.AsSpan<float>(), input.Rows, input.Columns);
        }
        else
        {
            SoftmaxKernel.Forward(input.AsReadOnlySpan<double>(), output.AsSpan<double>(), input.Rows, input.Columns);
        }

        return output;
    }

    /// <summary>Returns <paramref name="outputGradient"/> itself, unchanged (see the remarks).</summary>
    /// <exception cref="InvalidOperationException"><see cref="Forward"/> has not been called.</exception>
    public override Tensor Backward(Tensor outputGradient)
    {
        RequireSameShape(outputGradient, RequireForward(_output, nameof(Softmax)), nameof(Softmax));
        return outputGradient;
    }

    /// <summary>The model-file description: <c>{"type":"Softmax"}</c>, no parameters.</summary>
    internal static LayerFormat<Softmax> Format { get; } = new(nameof(Softmax), describe: _ => null, create: (_, _) => new Softmax());

    /// <inheritdoc />
    public override string ToString() => "Softmax()";
}
