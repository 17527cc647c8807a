using System.Numerics;
using System.Numerics.Tensors;
using System.Text.Json.Nodes;
using TinyTensor.Internal;
using TinyTensor.Kernels;
using TinyTensor.Serialization;

namespace TinyTensor.Layers;

/// <summary>
/// Inverted dropout (PyTorch's <c>nn.Dropout</c>): in training mode each element is zeroed with probability p and the
/// others are scaled by 1/(1 − p), so the expected output equals the input; in eval mode the layer is the identity.
/// </summary>
/// <remarks>
/// <para>Any shape. The mask draws one uniform number per element from the layer's generator, in row-major order
/// (keep when u ≥ p); the same seed gives the same masks, in float32 as in float64 (the draws are float64 in both
/// types; the mask holds 0 or 1/(1 − p) rounded to the input's type). Backward: dx = dout ⊙ mask (train), dout itself (eval).</para>
/// <para>A Dropout loaded from a model file draws from <c>new RandomState(0)</c> (a file holds no generator state);
/// models are usually loaded for eval mode, where no mask is drawn.</para>
/// </remarks>
public sealed class Dropout : Layer
{
    private readonly RandomState _rng;
    private readonly BufferSlots _outputs = new();
    private readonly BufferSlots _masks = new();
    private readonly BufferSlots _inputGrads = new();
    private Tensor? _input;
    private Tensor? _output;
    private Tensor? _mask;

    /// <summary>A dropout layer with drop probability <paramref name="p"/> whose masks come from <paramref name="rng"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is not in [0, 1).</exception>
    public Dropout(double p, RandomState rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (!(p >= 0 && p < 1))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(p), p, $"Dropout: the drop probability must be in [0, 1), got {p}.");
        }

        P = p;
        _rng = rng;
    }

    /// <summary>The probability of zeroing an element in training mode.</summary>
    public double P { get; }

    /// <summary>Training mode: x ⊙ mask with a fresh mask, in x's element type (any shape and type: dropout has no
    /// parameters); eval mode: x itself.</summary>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _input = input;
        if (!Training)
        {
            _mask = null;
            return _output = input;
        }

        Tensor mask = _mask = _masks.Get(input);
        Tensor output = _output = _outputs.Get(input, avoid: input);
        if (input.DType == TinyTensor.DType.Float32)
        {
            Apply<float>(input, mask, output, fill: true);
        }
        else
        {
            Apply<double>(input, mask, output, fill: true);
        }

        return output;
    }

    /// <summary>dx = dout ⊙ mask after a training-mode Forward, dout itself after an eval-mode one.</summary>
    /// <exception cref="InvalidOperationException"><see cref="Forward"/> has not been called.</exception>
    /// <exception cref="ArgumentException"><paramref name="outputGradient"/> is not the shape or the element type of
    /// the last output.</exception>
    public override Tensor Backward(Tensor outputGradient)
    {
        RequireGradient(outputGradient);
        if (_mask is null)
        {
            return outputGradient;
        }

        Tensor inputGrad = _inputGrads.Get(outputGradient, avoid: outputGradient);
        if (outputGradient.DType == TinyTensor.DType.Float32)
        {
            Apply<float>(outputGradient, _mask, inputGrad, fill: false);
        }
        else
        {
            Apply<double>(outputGradient, _mask, inputGrad, fill: false);
        }

        return inputGrad;
    }

    /// <summary>result = source ⊙ mask, after drawing a fresh mask when <paramref name="fill"/> is set.</summary>
    private void Apply<T>(Tensor source, Tensor mask, Tensor result, bool fill)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (fill)
        {
            DropoutKernel.FillMask(_rng, P, mask.AsSpan<T>());
        }

        TensorPrimitives.Multiply(source.AsReadOnlySpan<T>(), mask.AsReadOnlySpan<T>(), result.AsSpan<T>());
    }

    private void RequireGradient(Tensor outputGradient)
    {
        RequireForward(_input, nameof(Dropout));
        RequireSameShape(outputGradient, _output!, nameof(Dropout));
        outputGradient.RequireDType(_output!.DType, "Dropout.Backward", nameof(outputGradient), "the last output");
    }

    /// <summary>Nothing to store: dropout has no parameters.</summary>
    public override void BackwardParameters(Tensor outputGradient) => RequireGradient(outputGradient);

    /// <summary>The model-file description: <c>{"type":"Dropout","p":…}</c>, no parameters.</summary>
    internal static LayerFormat<Dropout> Format { get; } = new(nameof(Dropout),
        describe: d => new JsonObject { ["p"] = d.P },
        create: (config, _) => new Dropout(config.GetFiniteDouble("p"), new RandomState(0)),
        check: config =>
        {
            double p = config.GetFiniteDouble("p");
            if (!(p >= 0 && p < 1))
            {
                throw config.Invalid($"has p = {p}, outside [0, 1)");
            }
        });

    /// <inheritdoc />
    public override string ToString() => $"Dropout(p={P})";
}
