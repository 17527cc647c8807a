using TinyTensor.Internal;
using TinyTensor.Serialization;

namespace TinyTensor.Layers;

/// <summary>
/// (N, d1, d2, …) → (N, d1·d2·…), as PyTorch's <c>nn.Flatten()</c>: a view of the input, no copy. Backward returns
/// dout seen with the input's shape (again a view). Views keep the element type, so it follows its input's type.
/// </summary>
/// <remarks>The views are cached per source tensor (the last two), so a network whose buffers are reused allocates
/// nothing per step here either.</remarks>
public sealed class Flatten : Layer
{
    private readonly ViewCache _outputs = new();
    private readonly ViewCache _inputGrads = new();
    private Tensor? _input;
    private Tensor? _output;

    /// <summary>Flattens all dimensions after the first. x has rank ≥ 2; returns (N, rest), a view of x.</summary>
    /// <exception cref="ArgumentException"><paramref name="input"/> has rank 1.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank < 2)
        {
            ThrowHelper.Argument(nameof(input), $"Flatten.Forward: expected input of shape (N, …) with rank ≥ 2, got {input.ShapeText}.");
        }

        int n = input.Rows;
        int rest = n == 0 ? Rest(input) : input.Length / n; // Rest would allocate (Tensor.Dim formats its error text)
        _input = input;
        return _output = _outputs.Get(input, null, n, rest);
    }

    /// <summary>dout (N, rest) as a view of the input's shape.</summary>
    /// <exception cref="InvalidOperationException"><see cref="Forward"/> has not been called.</exception>
    /// <exception cref="ArgumentException"><paramref name="outputGradient"/> is not the shape or the element type of
    /// the last output.</exception>
    public override Tensor Backward(Tensor outputGradient)
    {
        Tensor input = RequireForward(_input, nameof(Flatten));
        RequireSameShape(outputGradient, _output!, nameof(Flatten));
        outputGradient.RequireDType(_output!.DType, "Flatten.Backward", nameof(outputGradient), "the last output");
        return _inputGrads.Get(outputGradient, input, 0, 0);
    }

    private static int Rest(Tensor input)
    {
        int rest = 1;
        for (int i = 1; i < input.Rank; i++)
        {
            rest *= input.Dim(i);
        }

        return rest;
    }

    /// <summary>The model-file description: <c>{"type":"Flatten"}</c>, no parameters.</summary>
    internal static LayerFormat<Flatten> Format { get; } = new(nameof(Flatten), describe: _ => null, create: (_, _) => new Flatten());

    /// <inheritdoc />
    public override string ToString() => "Flatten()";

    /// <summary>The last two views, keyed by the source tensor and the tensor whose shape they take (null for the
    /// forward pass, whose view shape follows from the source's, which never changes).</summary>
    private sealed class ViewCache
    {
        private (Tensor? Source, Tensor? ShapeOf, Tensor? View) _recent, _older;

        public Tensor Get(Tensor source, Tensor? shapeOf, int rows, int columns)
        {
            if (ReferenceEquals(_recent.Source, source) && ReferenceEquals(_recent.ShapeOf, shapeOf))
            {
                return _recent.View!;
            }

            if (ReferenceEquals(_older.Source, source) && ReferenceEquals(_older.ShapeOf, shapeOf))
            {
                (_recent, _older) = (_older, _recent);
                return _recent.View!;
            }

            _older = _recent;
            _recent = (source, shapeOf, source.Reshape(shapeOf?.Shape ?? [rows, columns]));
            return _recent.View;
        }
    }
}
