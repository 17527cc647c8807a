using System.Numerics;
using System.Numerics.Tensors;
using System.Text.Json.Nodes;
using TinyTensor.Init;
using TinyTensor.Internal;
using TinyTensor.Kernels;
using TinyTensor.Kernels.Gemm;
using TinyTensor.Serialization;

namespace TinyTensor.Layers;

/// <summary>
/// A fully connected layer: y = x·W + b, with b added to every row.
/// </summary>
/// <remarks>
/// <para>Shapes: x is (N, in), W is (in, out), b is (out,), y is (N, out).</para>
/// <para>Backward: dW = xᵀ·dout, db = Σ_rows dout, dx = dout·Wᵀ.</para>
/// <para>Initialisation (the framework's): W = rand(in, out)·1e-4, then b = rand(out)·1e-4, both uniform on
/// [0, 1e-4) and drawn in that order from the given generator.</para>
/// <para>Element type: the constructors draw and hold float64 parameters (the notebook's numbers); for a float32
/// layer convert it, <c>new Linear(…).To(DType.Float32)</c>, which rounds each float64 value to float32 (what
/// PyTorch's <c>module.to(torch.float32)</c> does). The layer then runs in float32 (a float32 GEMM and bias) and
/// refuses inputs and output gradients of another type with an <see cref="ArgumentException"/> naming both.</para>
/// <para>See <see cref="Layer"/> for the ownership of returned tensors.</para>
/// </remarks>
public sealed class Linear : Layer
{
    /// <summary>The framework's initial scale of W and b.</summary>
    private const double InitialScale = 1e-4;

    private readonly Parameter _weight;
    private readonly Parameter _bias;
    private readonly Parameter[] _parameters;
    private Tensor? _input;
    private Tensor? _output;
    private readonly BufferSlots _outputs = new();
    private Tensor? _biasSum;
    private readonly BufferSlots _inputGrads = new();

    /// <summary>Creates the layer and initialises W then b from <paramref name="rng"/>.</summary>
    /// <param name="inputDims">Features per input sample (rows of W).</param>
    /// <param name="outputDims">Features per output sample (columns of W).</param>
    /// <param name="rng">The generator to draw the initial parameters from.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is less than 1.</exception>
    public Linear(int inputDims, int outputDims, RandomState rng)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputDims, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputDims, 1);
        ArgumentNullException.ThrowIfNull(rng);

        InputDims = inputDims;
        OutputDims = outputDims;
        Tensor weight = rng.Rand(inputDims, outputDims);
        TensorPrimitives.Multiply(weight.AsSpan(), InitialScale, weight.AsSpan());
        Tensor bias = rng.Rand(outputDims);
        TensorPrimitives.Multiply(bias.AsSpan(), InitialScale, bias.AsSpan());
        _weight = new Parameter("weight", weight);
        _bias = new Parameter("bias", bias);
        _parameters = [_weight, _bias];
    }

    /// <summary>Creates the layer and initialises W (and b) from <paramref name="rng"/> with <paramref name="initializer"/>.</summary>
    /// <param name="inputDims">Features per input sample (rows of W, fan_in).</param>
    /// <param name="outputDims">Features per output sample (columns of W, fan_out).</param>
    /// <param name="rng">The generator to draw the initial parameters from.</param>
    /// <param name="initializer">The scheme, e.g. <see cref="Initializer.KaimingUniform"/>; <see cref="Initializer.Default"/>
    /// gives exactly <see cref="Linear(int, int, RandomState)"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is less than 1.</exception>
    public Linear(int inputDims, int outputDims, RandomState rng, Initializer initializer)
        : this(InitialParameters(inputDims, outputDims, rng, initializer))
    {
    }

    private Linear((Tensor Weight, Tensor Bias) parameters)
        : this(parameters.Weight, parameters.Bias)
    {
    }

    /// <summary>Takes ownership of <paramref name="weight"/> and <paramref name="bias"/> (already checked).</summary>
    private Linear(Tensor weight, Tensor bias)
    {
        InputDims = weight.Rows;
        OutputDims = weight.Columns;
        _weight = new Parameter("weight", weight);
        _bias = new Parameter("bias", bias);
        _parameters = [_weight, _bias];
    }

    /// <summary>A layer whose W and b are copies of the given tensors, e.g. parameters read from a model file.</summary>
    /// <param name="weight">W, (in, out).</param>
    /// <param name="bias">b, (out,).</param>
    /// <exception cref="ArgumentException"><paramref name="weight"/> is not 2-D, or <paramref name="bias"/> is not (out,).</exception>
    public static Linear FromParameters(Tensor weight, Tensor bias)
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(bias);
        if (weight.Rank != 2)
        {
            ThrowHelper.Argument(nameof(weight), $"Linear.FromParameters: W must be (in, out), got shape {weight.ShapeText}.");
        }

        if (!bias.HasShape(weight.Columns))
        {
            ThrowHelper.Argument(nameof(bias),
                $"Linear.FromParameters: W has shape {weight.ShapeText}, so b must be ({weight.Columns},), got {bias.ShapeText}.");
        }

        return new Linear(weight.Clone(), bias.Clone());
    }

    private static (Tensor Weight, Tensor Bias) InitialParameters(int inputDims, int outputDims, RandomState rng, Initializer initializer)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputDims, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputDims, 1);
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentNullException.ThrowIfNull(initializer);
        var weight = new Tensor(inputDims, outputDims);
        var bias = new Tensor(outputDims);
        initializer.Initialize(weight, bias, rng);
        return (weight, bias);
    }

    /// <summary>Features per input sample.</summary>
    public int InputDims { get; }

    /// <summary>Features per output sample.</summary>
    public int OutputDims { get; }

    /// <summary>W, (in, out): the value of the parameter named <c>weight</c>.</summary>
    public Tensor Weight => _weight.Value;

    /// <summary>b, (out,): the value of the parameter named <c>bias</c>.</summary>
    public Tensor Bias => _bias.Value;

    /// <summary>[weight (in, out), bias (out,)]: <see cref="Layer.Parameters"/> is [W, b], <see cref="Layer.Grads"/> [dW, db].</summary>
    public override IReadOnlyList<Parameter> OwnParameters => _parameters;

    /// <summary>y = x·W + b. x is (N, in); returns (N, out).</summary>
    /// <remarks>Runs in the element type of the layer's parameters (float64 unless converted with
    /// <see cref="Layer.To(DType)"/>): the input must have that type too.</remarks>
    /// <exception cref="ArgumentException"><paramref name="input"/> is not (N, in), or its element type differs from
    /// the weight's (the message names both).</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 2 || input.Columns != InputDims)
        {
            ThrowHelper.Argument(nameof(input),
                $"Linear.Forward: expected input of shape (N, {InputDims}), got {input.ShapeText}.");
        }

        input.RequireDType(Weight.DType, "Linear.Forward", nameof(input), "the layer's weight");
        int n = input.Rows;
        // Never the input itself: lin.Forward(lin.Forward(x)) on a square layer must not overwrite what it reads.
        Tensor output = _output = _outputs.Get(input.DType, n, OutputDims, avoid: input);
        if (input.DType == TinyTensor.DType.Float32)
        {
            Forward<float>(input, output, n);
        }
        else
        {
            Forward<double>(input, output, n);
        }

        _input = input;
        return output;
    }

    /// <summary>y = x·W, then + b on every row, in element type <typeparamref name="T"/>.</summary>
    private void Forward<T>(Tensor input, Tensor output, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Gemm.Multiply(GemmOptions.Default, Transpose.None, Transpose.None, n, OutputDims, InputDims,
            T.One, input.AsReadOnlySpan<T>(), InputDims, Weight.AsReadOnlySpan<T>(), OutputDims, T.Zero, output.AsSpan<T>(), OutputDims);
        BiasKernel.AddToRows(output.AsSpan<T>(), Bias.AsReadOnlySpan<T>(), n);
    }

    /// <summary>Adds dW = xᵀ·dout and db = Σ_rows dout to the gradients (writes them after a <see cref="Layer.ZeroGrad"/>);
    /// returns dx = dout·Wᵀ, (N, in).</summary>
    /// <exception cref="InvalidOperationException"><see cref="Forward"/> has not been called.</exception>
    /// <exception cref="ArgumentException"><paramref name="outputGradient"/> is not (N, out).</exception>
    public override Tensor Backward(Tensor outputGradient)
    {
        BackwardParameters(outputGradient);
        int n = _input!.Rows;
        Tensor inputGrad = _inputGrads.Get(outputGradient.DType, n, InputDims, avoid: outputGradient);
        if (outputGradient.DType == TinyTensor.DType.Float32)
        {
            InputGradient<float>(outputGradient, inputGrad, n);
        }
        else
        {
            InputGradient<double>(outputGradient, inputGrad, n);
        }

        return inputGrad;
    }

    /// <summary>dx = dout·Wᵀ in element type <typeparamref name="T"/>.</summary>
    private void InputGradient<T>(Tensor outputGradient, Tensor inputGrad, int n)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Gemm.Multiply(GemmOptions.Default, Transpose.None, Transpose.Transposed, n, InputDims, OutputDims,
            T.One, outputGradient.AsReadOnlySpan<T>(), OutputDims, Weight.AsReadOnlySpan<T>(), OutputDims, T.Zero, inputGrad.AsSpan<T>(), InputDims);

    /// <summary>Adds dW = xᵀ·dout and db = Σ_rows dout to the gradients (writes them after a <see cref="Layer.ZeroGrad"/>),
    /// without computing dx.</summary>
    /// <remarks>The first backward pass after <see cref="Layer.ZeroGrad"/> runs the GEMM with β = 0 (the bits of a
    /// plain product); later ones with β = 1, dW ← dW + xᵀ·dout, and db ← db + Σ_rows dout with the row sum formed
    /// first, as PyTorch's <c>grad += …</c>.</remarks>
    /// <exception cref="InvalidOperationException"><see cref="Forward"/> has not been called, or the input or
    /// <paramref name="outputGradient"/> is this layer's own gradient buffer.</exception>
    /// <exception cref="ArgumentException"><paramref name="outputGradient"/> is not (N, out).</exception>
    public override void BackwardParameters(Tensor outputGradient)
    {
        Tensor input = RequireForward(_input, nameof(Linear));
        RequireSameShape(outputGradient, _output!, nameof(Linear));
        outputGradient.RequireDType(Weight.DType, "Linear.Backward", nameof(outputGradient), "the layer's weight");
        int n = input.Rows;

        Tensor weightGrad = _weight.PrepareGrad(out bool accumulate);
        if (BufferSlots.Shares(weightGrad, input) || BufferSlots.Shares(weightGrad, outputGradient))
        {
            ThrowAliasedGradient(accumulate);
        }

        if (outputGradient.DType == TinyTensor.DType.Float32)
        {
            ParameterGradients<float>(input, outputGradient, weightGrad, accumulate, n);
        }
        else
        {
            ParameterGradients<double>(input, outputGradient, weightGrad, accumulate, n);
        }
    }

    /// <summary>dW (+)= xᵀ·dout, db (+)= Σ_rows dout in element type <typeparamref name="T"/>.</summary>
    private void ParameterGradients<T>(Tensor input, Tensor outputGradient, Tensor weightGrad, bool accumulate, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<T> dout = outputGradient.AsReadOnlySpan<T>();
        Gemm.Multiply(GemmOptions.Default, Transpose.Transposed, Transpose.None, InputDims, OutputDims, n,
            T.One, input.AsReadOnlySpan<T>(), InputDims, dout, OutputDims, accumulate ? T.One : T.Zero, weightGrad.AsSpan<T>(), OutputDims);

        Tensor biasGrad = _bias.PrepareGrad(out accumulate);
        if (!accumulate)
        {
            BiasKernel.SumRows(dout, biasGrad.AsSpan<T>(), n);
        }
        else
        {
            Tensor sum = _biasSum is { } cached && cached.DType == biasGrad.DType ? cached : _biasSum = new Tensor(biasGrad.DType, OutputDims);
            BiasKernel.SumRows(dout, sum.AsSpan<T>(), n);
            TensorPrimitives.Add(biasGrad.AsReadOnlySpan<T>(), sum.AsReadOnlySpan<T>(), biasGrad.AsSpan<T>());
        }
    }

    private void ThrowAliasedGradient(bool accumulate)
    {
        if (!accumulate)
        {
            _weight.ZeroGrad();
        }

        ThrowHelper.InvalidOperation(
            "Linear.Backward: the input or the output gradient is this layer's own dW buffer, which the backward pass overwrites; pass a copy (Clone()).");
    }

    /// <summary>The model-file description: <c>{"type":"Linear","in":…,"out":…}</c>, parameters weight (in, out) and
    /// bias (out,); the weight is stored transposed, (out, in), as PyTorch's <c>nn.Linear.weight</c>.</summary>
    internal static LayerFormat<Linear> Format { get; } = new(nameof(Linear),
        describe: linear => new JsonObject { ["in"] = linear.InputDims, ["out"] = linear.OutputDims },
        create: (_, parameters) => new Linear(parameters["weight"], parameters["bias"]),
        parameterShapes: config => [("weight", [config.GetInt32("in"), config.GetInt32("out")]), ("bias", [config.GetInt32("out")])],
        features: config => (config.GetInt32("in"), config.GetInt32("out")),
        layouts: new Dictionary<string, TensorLayout> { ["weight"] = TensorLayout.Transposed });

    /// <inheritdoc />
    public override string ToString() => $"Linear({InputDims}, {OutputDims})";
}
