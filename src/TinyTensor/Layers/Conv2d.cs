using System.Numerics;
using System.Numerics.Tensors;
using System.Text.Json.Nodes;
using TinyTensor.Internal;
using TinyTensor.Kernels.Conv;
using TinyTensor.Kernels.Gemm;
using TinyTensor.Serialization;

namespace TinyTensor.Layers;

/// <summary>
/// A 2-D convolution (PyTorch's <c>nn.Conv2d</c>, strictly cross-correlation) with a square kernel:
/// y[n, o] = b[o] + Σ_c W[o, c] ⋆ x[n, c].
/// </summary>
/// <remarks>
/// <para>Shapes: x is (N, in, H, W), W is (out, in, k, k), b is (out,), y is (N, out, H', W') with
/// H' = ⌊(H + 2·padding − k) / stride⌋ + 1 (the same for W'); zero padding.</para>
/// <para>Computed as im2col + one GEMM over the whole batch: cols (in·k·k, N·H'·W') holds every receptive field,
/// y = W·cols (W seen as (out, in·k·k)), then moved to (N, out, H', W') with the bias added. Backward:
/// dW = dy·colsᵀ, db = Σ dy over (N, H', W'), dx = col2im(Wᵀ·dy). The GEMM splits its work over
/// <see cref="Parallelism.NumThreads"/> by blocks of the result, never over the summed dimension, and the layout
/// kernels run on one thread, so the bits do not depend on the thread count.</para>
/// <para>Initialisation (PyTorch's default): W ~ U(−bound, bound) with bound = √3·gain/√fan_in, gain = √(2/(1 + 5))
/// (Kaiming-uniform with a = √5, i.e. bound = 1/√fan_in), then b ~ U(−1/√fan_in, 1/√fan_in), fan_in = in·k·k, drawn
/// in that order from the given generator (NumPy's uniform, so the values differ from PyTorch's generator).</para>
/// <para>Element type: float64 unless converted with <see cref="Layer.To(DType)"/>; the input and the output gradient
/// must have the parameters' type (an <see cref="ArgumentException"/> names both otherwise), and every buffer, product
/// and gradient is of that type (the bias gradient is summed in double and rounded once).</para>
/// <para>See <see cref="Layer"/> for the ownership of returned tensors; the buffers for two batch shapes are kept.</para>
/// </remarks>
public sealed class Conv2d : Layer
{
    private readonly Parameter _weight;
    private readonly Parameter _bias;
    private readonly Parameter[] _parameters;
    private readonly BufferSlots _outputs = new();
    private readonly BufferSlots _inputGrads = new();
    private readonly BufferSlots _columns = new();
    private readonly BufferSlots _products = new();
    private readonly BufferSlots _productGrads = new();
    private readonly BufferSlots _columnGrads = new();
    private Tensor? _input;
    private Tensor? _output;
    private Tensor? _cols;
    private Tensor? _product;
    private Tensor? _productGrad;
    private Tensor? _biasSum;
    private readonly ShapeCache _shapes = new();
    private int _outHeight, _outWidth;

    /// <summary>Creates the layer and initialises W then b from <paramref name="rng"/> (PyTorch's default scheme).</summary>
    /// <param name="inChannels">Channels of the input, C.</param>
    /// <param name="outChannels">Channels of the output (number of filters).</param>
    /// <param name="kernelSize">The side k of the square kernel.</param>
    /// <param name="rng">The generator to draw the initial parameters from.</param>
    /// <param name="stride">The step between windows, ≥ 1.</param>
    /// <param name="padding">Zeros added on each side of H and W, ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A channel count, the kernel size or the stride is less than 1, or
    /// the padding is negative.</exception>
    public Conv2d(int inChannels, int outChannels, int kernelSize, RandomState rng, int stride = 1, int padding = 0)
        : this(InitialParameters(inChannels, outChannels, kernelSize, rng, stride, padding), stride, padding)
    {
    }

    private Conv2d((Tensor Weight, Tensor Bias) parameters, int stride, int padding)
    {
        Tensor.RequireSameDType(parameters.Weight, parameters.Bias, nameof(Conv2d), "weight", "bias");
        InChannels = parameters.Weight.Dim(1);
        OutChannels = parameters.Weight.Dim(0);
        KernelSize = parameters.Weight.Dim(2);
        Stride = stride;
        Padding = padding;
        _weight = new Parameter("weight", parameters.Weight);
        _bias = new Parameter("bias", parameters.Bias);
        _parameters = [_weight, _bias];
    }

    private static (Tensor Weight, Tensor Bias) InitialParameters(int inChannels, int outChannels, int kernelSize, RandomState rng, int stride, int padding)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(kernelSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        ArgumentNullException.ThrowIfNull(rng);
        int fanIn = inChannels * kernelSize * kernelSize;
        // torch.nn.init.kaiming_uniform_(w, a=math.sqrt(5)), in PyTorch's order of operations.
        double gain = Math.Sqrt(2.0 / (1 + 5));
        double bound = Math.Sqrt(3.0) * (gain / Math.Sqrt(fanIn));
        Tensor weight = rng.Uniform(-bound, bound, outChannels, inChannels, kernelSize, kernelSize);
        double biasBound = 1 / Math.Sqrt(fanIn);
        Tensor bias = rng.Uniform(-biasBound, biasBound, outChannels);
        return (weight, bias);
    }

    /// <summary>A layer whose W and b are copies of the given tensors.</summary>
    /// <param name="weight">W, (out, in, k, k).</param>
    /// <param name="bias">b, (out,).</param>
    /// <param name="stride">The step between windows, ≥ 1.</param>
    /// <param name="padding">Zeros added on each side, ≥ 0.</param>
    /// <exception cref="ArgumentException">W is not (out, in, k, k) with a square kernel, b is not (out,), or their
    /// element types differ.</exception>
    public static Conv2d FromParameters(Tensor weight, Tensor bias, int stride = 1, int padding = 0)
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(bias);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        if (weight.Rank != 4 || weight.Dim(2) != weight.Dim(3) || weight.Length == 0)
        {
            ThrowHelper.Argument(nameof(weight), $"Conv2d.FromParameters: W must be (out, in, k, k), got shape {weight.ShapeText}.");
        }

        if (!bias.HasShape(weight.Dim(0)))
        {
            ThrowHelper.Argument(nameof(bias), $"Conv2d.FromParameters: W has shape {weight.ShapeText}, so b must be ({weight.Dim(0)},), got {bias.ShapeText}.");
        }

        return new Conv2d((weight.Clone(), bias.Clone()), stride, padding);
    }

    /// <summary>Channels of the input.</summary>
    public int InChannels { get; }

    /// <summary>Channels of the output.</summary>
    public int OutChannels { get; }

    /// <summary>The side k of the square kernel.</summary>
    public int KernelSize { get; }

    /// <summary>The step between windows.</summary>
    public int Stride { get; }

    /// <summary>Zeros added on each side of H and W.</summary>
    public int Padding { get; }

    /// <summary>W, (out, in, k, k): the parameter named <c>weight</c>.</summary>
    public Tensor Weight => _weight.Value;

    /// <summary>b, (out,): the parameter named <c>bias</c>.</summary>
    public Tensor Bias => _bias.Value;

    /// <summary>[weight (out, in, k, k), bias (out,)].</summary>
    public override IReadOnlyList<Parameter> OwnParameters => _parameters;

    private int Rows => InChannels * KernelSize * KernelSize;

    /// <summary>y = W ⋆ x + b. x is (N, in, H, W), of the layer's element type; returns (N, out, H', W') of that type.</summary>
    /// <exception cref="ArgumentException"><paramref name="input"/> is not (N, in, H, W), the kernel is larger than
    /// the padded input, or its element type is not the parameters'.</exception>
    public override Tensor Forward(Tensor input)
    {
        (int n, _, int height, int width) = ImageInput.Require(input, _shapes, InChannels, nameof(Conv2d));
        input.RequireDType(Weight.DType, "Conv2d.Forward", nameof(input), "the layer's weight");
        int outHeight = ImageInput.OutputSize(input, height, true, KernelSize, Stride, Padding, nameof(Conv2d));
        int outWidth = ImageInput.OutputSize(input, width, false, KernelSize, Stride, Padding, nameof(Conv2d));
        _cols = _columns.Get(input.DType, Rows, n * outHeight * outWidth);
        _product = _products.Get(input.DType, OutChannels, n * outHeight * outWidth);
        Tensor output = _output = _outputs.Get(input.DType, [n, OutChannels, outHeight, outWidth], avoid: input);
        if (input.DType == TinyTensor.DType.Float32)
        {
            Forward<float>(input, n, height, width, outHeight, outWidth, output);
        }
        else
        {
            Forward<double>(input, n, height, width, outHeight, outWidth, output);
        }

        (_input, _outHeight, _outWidth) = (input, outHeight, outWidth);
        return output;
    }

    private void Forward<T>(Tensor input, int n, int height, int width, int outHeight, int outWidth, Tensor output)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int plane = outHeight * outWidth, ld = n * plane, sample = InChannels * height * width;

        // cols (in·k·k, N·H'·W'): sample s fills columns [s·P, (s + 1)·P).
        Span<T> cols = _cols!.AsSpan<T>();
        ReadOnlySpan<T> x = input.AsReadOnlySpan<T>();
        for (int s = 0; s < n; s++)
        {
            Im2Col.Gather(x.Slice(s * sample, sample), InChannels, height, width, KernelSize, Stride, Padding,
                outHeight, outWidth, cols[(s * plane)..], ld);
        }

        // t (out, N·P) = W (out, in·k·k) · cols, then y (N, out, P) = t + b.
        Span<T> product = _product!.AsSpan<T>();
        Gemm.Multiply(GemmOptions.Default, Transpose.None, Transpose.None, OutChannels, ld, Rows, T.One, Weight.AsReadOnlySpan<T>(), Rows,
            cols, ld, T.Zero, product, ld);
        ChannelLayout.ToBatchMajor<T>(product, Bias.AsReadOnlySpan<T>(), n, OutChannels, plane, output.AsSpan<T>());
    }

    /// <summary>Adds dW and db to the gradients and returns dx, (N, in, H, W).</summary>
    /// <exception cref="InvalidOperationException"><see cref="Forward"/> has not been called.</exception>
    /// <exception cref="ArgumentException"><paramref name="outputGradient"/> is not the shape or the element type of
    /// the last output.</exception>
    public override Tensor Backward(Tensor outputGradient)
    {
        BackwardParameters(outputGradient);
        Tensor input = _input!;
        Tensor colsGrad = _columnGrads.Get(input.DType, Rows, _cols!.Columns);
        Tensor inputGrad = _inputGrads.Get(input, avoid: outputGradient);
        if (input.DType == TinyTensor.DType.Float32)
        {
            InputGradient<float>(input, colsGrad, inputGrad);
        }
        else
        {
            InputGradient<double>(input, colsGrad, inputGrad);
        }

        return inputGrad;
    }

    private void InputGradient<T>(Tensor input, Tensor colsGradient, Tensor inputGrad)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int[] shape = _shapes.Of(input);
        int n = shape[0], height = shape[2], width = shape[3];
        int outHeight = _outHeight, outWidth = _outWidth, plane = outHeight * outWidth, ld = n * plane, sample = InChannels * height * width;

        // dcols (in·k·k, N·P) = Wᵀ · dt (dt left by BackwardParameters), then col2im sample by sample.
        Span<T> colsGrad = colsGradient.AsSpan<T>();
        Gemm.Multiply(GemmOptions.Default, Transpose.Transposed, Transpose.None, Rows, ld, OutChannels, T.One, Weight.AsReadOnlySpan<T>(), Rows,
            _productGrad!.AsReadOnlySpan<T>(), ld, T.Zero, colsGrad, ld);
        Span<T> dx = inputGrad.AsSpan<T>();
        for (int s = 0; s < n; s++)
        {
            Im2Col.Scatter<T>(colsGrad[(s * plane)..], ld, InChannels, height, width, KernelSize, Stride, Padding,
                outHeight, outWidth, dx.Slice(s * sample, sample));
        }
    }

    /// <summary>Adds dW = dy·colsᵀ and db = Σ dy over (N, H', W') to the gradients (writes them after a
    /// <see cref="Layer.ZeroGrad"/>), without computing dx.</summary>
    /// <exception cref="InvalidOperationException"><see cref="Forward"/> has not been called.</exception>
    /// <exception cref="ArgumentException"><paramref name="outputGradient"/> is not the shape or the element type of
    /// the last output.</exception>
    public override void BackwardParameters(Tensor outputGradient)
    {
        Tensor input = RequireForward(_input, nameof(Conv2d));
        RequireSameShape(outputGradient, _output!, nameof(Conv2d));
        outputGradient.RequireDType(_output!.DType, "Conv2d.Backward", nameof(outputGradient), "the last output");
        _productGrad = _productGrads.Get(input.DType, OutChannels, _cols!.Columns);
        if (input.DType == TinyTensor.DType.Float32)
        {
            ParameterGradients<float>(outputGradient, input.Rows);
        }
        else
        {
            ParameterGradients<double>(outputGradient, input.Rows);
        }
    }

    private void ParameterGradients<T>(Tensor outputGradient, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int plane = _outHeight * _outWidth, ld = n * plane;

        // dt (out, N·P): the product's layout, so that dW is one GEMM over the whole batch.
        Span<T> productGrad = _productGrad!.AsSpan<T>();
        ChannelLayout.ToChannelMajor(outputGradient.AsReadOnlySpan<T>(), n, OutChannels, plane, productGrad);

        Tensor weightGrad = _weight.PrepareGrad(out bool accumulate);
        Gemm.Multiply(GemmOptions.Default, Transpose.None, Transpose.Transposed, OutChannels, Rows, ld, T.One, productGrad, ld,
            _cols!.AsReadOnlySpan<T>(), ld, accumulate ? T.One : T.Zero, weightGrad.AsSpan<T>(), Rows);

        Tensor biasGrad = _bias.PrepareGrad(out accumulate);
        if (!accumulate)
        {
            ChannelLayout.RowSums<T>(productGrad, OutChannels, ld, biasGrad.AsSpan<T>());
            return;
        }

        if (_biasSum is null || _biasSum.DType != biasGrad.DType)
        {
            _biasSum = new Tensor(biasGrad.DType, OutChannels);
        }

        ChannelLayout.RowSums<T>(productGrad, OutChannels, ld, _biasSum.AsSpan<T>());
        TensorPrimitives.Add(biasGrad.AsReadOnlySpan<T>(), _biasSum.AsReadOnlySpan<T>(), biasGrad.AsSpan<T>());
    }

    /// <summary>The model-file description: <c>{"type":"Conv2d","in":…,"out":…,"kernel_size":…,"stride":…,"padding":…}</c>,
    /// parameters weight (out, in, k, k) and bias (out,).</summary>
    internal static LayerFormat<Conv2d> Format { get; } = new(nameof(Conv2d),
        describe: conv => new JsonObject
        {
            ["in"] = conv.InChannels,
            ["out"] = conv.OutChannels,
            ["kernel_size"] = conv.KernelSize,
            ["stride"] = conv.Stride,
            ["padding"] = conv.Padding,
        },
        create: (config, p) => new Conv2d((p["weight"], p["bias"]), config.GetInt32("stride"), config.GetInt32("padding", minimum: 0)),
        parameterShapes: config =>
        {
            int k = config.GetInt32("kernel_size");
            return [("weight", [config.GetInt32("out"), config.GetInt32("in"), k, k]), ("bias", [config.GetInt32("out")])];
        },
        check: config =>
        {
            config.GetInt32("stride");
            config.GetInt32("padding", minimum: 0);
        });

    /// <inheritdoc />
    public override string ToString() =>
        $"Conv2d({InChannels}, {OutChannels}, kernel_size={KernelSize}, stride={Stride}, padding={Padding})";
}
