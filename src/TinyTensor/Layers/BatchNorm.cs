using System.Numerics;
using System.Text.Json.Nodes;
using TinyTensor.Internal;
using TinyTensor.Kernels;
using TinyTensor.Serialization;

namespace TinyTensor.Layers;

/// <summary>
/// What <see cref="BatchNorm1d"/> and <see cref="BatchNorm2d"/> share: batch normalisation with PyTorch's exact rules
/// (<c>nn.BatchNorm*d</c> with affine and track_running_stats), one statistic per channel c over the N·S values of
/// that channel (S = H·W for images, L for sequences, 1 for features).
/// </summary>
/// <remarks>
/// <para>Training mode: mean and biased variance σ² (÷ M, M = N·S) of the batch; y = (x − mean)/√(σ² + ε)·γ + β;
/// then running_mean ← (1 − m)·running_mean + m·mean and running_var ← (1 − m)·running_var + m·σ²·M/(M − 1) (the
/// unbiased variance), num_batches_tracked += 1. A batch with one value per channel (M = 1) is an error, as in
/// PyTorch. Eval mode: the running statistics replace the batch's, and nothing is updated.</para>
/// <para>Parameters <c>weight</c> γ (ones) and <c>bias</c> β (zeros); buffers (<see cref="Layer.OwnBuffers"/>, saved
/// in model files, not learned) <c>running_mean</c> (zeros), <c>running_var</c> (ones) and <c>num_batches_tracked</c>
/// (a (1,) tensor; PyTorch's is an int64 scalar).</para>
/// <para>Backward in training mode: dγ = Σ dy·x̂, dβ = Σ dy, dx = γ/√(σ² + ε)·(dy − mean(dy) − x̂·mean(dy·x̂)); in eval
/// mode dx = dy·γ/√(running_var + ε).</para>
/// <para>Element type: the parameters and buffers are float64 unless converted with <see cref="Layer.To(DType)"/>,
/// which converts the buffers too (PyTorch keeps the running statistics in the module's type); the input must have
/// that type. The per-channel statistics and gradient sums accumulate in double whatever the type, as PyTorch's CPU
/// kernels do for float32; x̂, y and dx are computed in the layer's type.</para>
/// </remarks>
public abstract class BatchNorm : Layer
{
    /// <summary>PyTorch's default ε.</summary>
    public const double DefaultEps = 1e-5;

    /// <summary>PyTorch's default momentum.</summary>
    public const double DefaultMomentum = 0.1;

    private readonly Parameter _weight;
    private readonly Parameter _bias;
    private readonly Parameter[] _parameters;
    private (string, Tensor)[] _buffers;
    private readonly string _forwardName, _backwardName;
    private readonly Tensor _mean, _squares, _invStd, _sumDy, _sumDyXHat;
    private readonly BufferSlots _outputs = new();
    private readonly BufferSlots _normalized = new();
    private readonly BufferSlots _inputGrads = new();
    private Tensor? _input;
    private Tensor? _output;
    private Tensor? _xHat;
    private bool _batchStatistics;

    private protected BatchNorm(int channels, double eps, double momentum)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        if (!(eps > 0) || double.IsInfinity(eps))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(eps), eps, $"{GetType().Name}: eps must be a positive finite number, got {eps}.");
        }

        if (!(momentum >= 0 && momentum <= 1))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(momentum), momentum, $"{GetType().Name}: momentum must be in [0, 1], got {momentum}.");
        }

        Channels = channels;
        (_forwardName, _backwardName) = (GetType().Name + ".Forward", GetType().Name + ".Backward"); // formatted once: no allocation per step
        Eps = eps;
        Momentum = momentum;
        var weight = new Tensor(channels);
        weight.Fill(1.0);
        _weight = new Parameter("weight", weight);
        _bias = new Parameter("bias", new Tensor(channels));
        _parameters = [_weight, _bias];
        RunningMean = new Tensor(channels);
        RunningVar = new Tensor(channels);
        RunningVar.Fill(1.0);
        _buffers = [("running_mean", RunningMean), ("running_var", RunningVar), ("num_batches_tracked", NumBatchesTracked)];
        (_mean, _squares, _invStd, _sumDy, _sumDyXHat) = (new(channels), new(channels), new(channels), new(channels), new(channels));
    }

    /// <summary>The number of channels C (PyTorch's <c>num_features</c>).</summary>
    public int Channels { get; }

    /// <summary>ε, added to the variance before the square root.</summary>
    public double Eps { get; }

    /// <summary>The weight m of the newest batch in the running statistics.</summary>
    public double Momentum { get; }

    /// <summary>γ, (C,): the parameter named <c>weight</c>.</summary>
    public Tensor Weight => _weight.Value;

    /// <summary>β, (C,): the parameter named <c>bias</c>.</summary>
    public Tensor Bias => _bias.Value;

    /// <summary>The running mean, (C,): the buffer named <c>running_mean</c>.</summary>
    public Tensor RunningMean { get; private set; }

    /// <summary>The running (unbiased) variance, (C,): the buffer named <c>running_var</c>.</summary>
    public Tensor RunningVar { get; private set; }

    /// <summary>The number of training-mode batches seen, as a (1,) tensor: the buffer named <c>num_batches_tracked</c>.</summary>
    public Tensor NumBatchesTracked { get; private set; } = new(1);

    /// <summary>[weight (C,), bias (C,)].</summary>
    public override IReadOnlyList<Parameter> OwnParameters => _parameters;

    /// <summary>[running_mean (C,), running_var (C,), num_batches_tracked (1,)].</summary>
    public override IReadOnlyList<(string Name, Tensor Value)> OwnBuffers => _buffers;

    /// <summary>(N, S) of an accepted input, after the layer's own shape checks.</summary>
    private protected abstract (int Batch, int Spatial) CheckInput(Tensor input);

    /// <summary>Normalises x with the batch's statistics (training mode) or the running ones (eval mode), in the
    /// layer's element type.</summary>
    /// <exception cref="ArgumentException">The input has the wrong rank or channel count, or an element type other than
    /// the layer's, or (training mode) only one value per channel.</exception>
    public override Tensor Forward(Tensor input)
    {
        (int n, int s) = CheckInput(input);
        input.RequireDType(Weight.DType, _forwardName, nameof(input), "the layer's weight");
        _batchStatistics = Training;
        if (Training && (long)n * s <= 1)
        {
            ThrowHelper.Argument(nameof(input),
                $"{GetType().Name}.Forward: expected more than 1 value per channel when training, got input size {input.ShapeText}.");
        }

        Tensor xHat = _xHat = _normalized.Get(input);
        Tensor output = _output = _outputs.Get(input, avoid: input);
        if (input.DType == TinyTensor.DType.Float32)
        {
            Forward<float>(input, n, s, xHat, output);
        }
        else
        {
            Forward<double>(input, n, s, xHat, output);
        }

        _input = input;
        return output;
    }

    private void Forward<T>(Tensor input, int n, int s, Tensor xHat, Tensor output)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int c = Channels;
        ReadOnlySpan<T> x = input.AsReadOnlySpan<T>();
        if (Training)
        {
            BatchNormKernel.Statistics(x, n, c, s, _mean.Data, _squares.Data);
            BatchNormKernel.UpdateStatistics(_mean.Data, _squares.Data, (long)n * s, Momentum, Eps, _invStd.Data,
                RunningMean.AsSpan<T>(), RunningVar.AsSpan<T>());
            NumBatchesTracked[0] += 1;
        }
        else
        {
            BatchNormKernel.RunningStatistics(RunningMean.AsReadOnlySpan<T>(), RunningVar.AsReadOnlySpan<T>(), Eps, _mean.Data, _invStd.Data);
        }

        BatchNormKernel.Normalize(x, n, c, s, _mean.Data, _invStd.Data, Weight.AsReadOnlySpan<T>(), Bias.AsReadOnlySpan<T>(),
            xHat.AsSpan<T>(), output.AsSpan<T>());
    }

    /// <summary>Adds dγ and dβ to the gradients and returns dx (the input's shape).</summary>
    /// <exception cref="InvalidOperationException"><see cref="Forward"/> has not been called.</exception>
    /// <exception cref="ArgumentException"><paramref name="outputGradient"/> is not the shape or the element type of
    /// the last output.</exception>
    public override Tensor Backward(Tensor outputGradient)
    {
        BackwardParameters(outputGradient);
        Tensor input = _input!;
        (int n, int s) = CheckInput(input);
        Tensor inputGrad = _inputGrads.Get(input, avoid: outputGradient);
        if (input.DType == TinyTensor.DType.Float32)
        {
            InputGradient<float>(outputGradient, n, s, inputGrad);
        }
        else
        {
            InputGradient<double>(outputGradient, n, s, inputGrad);
        }

        return inputGrad;
    }

    private void InputGradient<T>(Tensor outputGradient, int n, int s, Tensor inputGrad)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (_batchStatistics)
        {
            BatchNormKernel.InputGradientTrain(outputGradient.AsReadOnlySpan<T>(), _xHat!.AsReadOnlySpan<T>(), n, Channels, s,
                Weight.AsReadOnlySpan<T>(), _invStd.Data, _sumDy.Data, _sumDyXHat.Data, inputGrad.AsSpan<T>());
        }
        else
        {
            BatchNormKernel.InputGradientEval(outputGradient.AsReadOnlySpan<T>(), n, Channels, s, Weight.AsReadOnlySpan<T>(), _invStd.Data,
                inputGrad.AsSpan<T>());
        }
    }

    /// <summary>Adds dγ = Σ dy·x̂ and dβ = Σ dy to the gradients (writes them after a <see cref="Layer.ZeroGrad"/>).</summary>
    /// <exception cref="InvalidOperationException"><see cref="Forward"/> has not been called.</exception>
    /// <exception cref="ArgumentException"><paramref name="outputGradient"/> is not the shape or the element type of
    /// the last output.</exception>
    public override void BackwardParameters(Tensor outputGradient)
    {
        Tensor input = RequireForward(_input, GetType().Name);
        RequireSameShape(outputGradient, _output!, GetType().Name);
        outputGradient.RequireDType(_output!.DType, _backwardName, nameof(outputGradient), "the last output");
        (int n, int s) = CheckInput(input);
        if (input.DType == TinyTensor.DType.Float32)
        {
            ParameterGradients<float>(outputGradient, n, s);
        }
        else
        {
            ParameterGradients<double>(outputGradient, n, s);
        }
    }

    private void ParameterGradients<T>(Tensor outputGradient, int n, int s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        BatchNormKernel.GradientSums(outputGradient.AsReadOnlySpan<T>(), _xHat!.AsReadOnlySpan<T>(), n, Channels, s, _sumDy.Data, _sumDyXHat.Data);
        Tensor weightGrad = _weight.PrepareGrad(out bool accumulate);
        BatchNormKernel.StoreGradient(_sumDyXHat.AsReadOnlySpan(), weightGrad.AsSpan<T>(), accumulate);
        Tensor biasGrad = _bias.PrepareGrad(out accumulate);
        BatchNormKernel.StoreGradient(_sumDy.AsReadOnlySpan(), biasGrad.AsSpan<T>(), accumulate);
    }

    /// <summary>Converts running_mean, running_var and num_batches_tracked to <paramref name="dtype"/>, as PyTorch keeps
    /// the running statistics in the module's type (its num_batches_tracked stays int64; here it is a tensor of the
    /// module's type, exact up to 2²⁴ batches in float32). The per-channel scratch statistics stay double.</summary>
    private protected override void ConvertBuffers(DType dtype)
    {
        RunningMean = RunningMean.To(dtype);
        RunningVar = RunningVar.To(dtype);
        NumBatchesTracked = NumBatchesTracked.To(dtype);
        _buffers = [("running_mean", RunningMean), ("running_var", RunningVar), ("num_batches_tracked", NumBatchesTracked)];
    }

    /// <summary>Copies saved parameters and buffers into <paramref name="norm"/> (model files) and returns it, in the
    /// element type of the saved weight (like Conv2d and Linear, which take the saved tensors as they are); a tensor of
    /// another type than the weight is refused by <see cref="Tensor.CopyFrom"/>, naming both types.</summary>
    private protected static TNorm Restore<TNorm>(TNorm norm, IReadOnlyDictionary<string, Tensor> tensors)
        where TNorm : BatchNorm
    {
        norm.To(tensors["weight"].DType);
        norm.Weight.CopyFrom(tensors["weight"]);
        norm.Bias.CopyFrom(tensors["bias"]);
        norm.RunningMean.CopyFrom(tensors["running_mean"]);
        norm.RunningVar.CopyFrom(tensors["running_var"]);
        norm.NumBatchesTracked.CopyFrom(tensors["num_batches_tracked"]);
        return norm;
    }

    private protected static JsonObject Describe(BatchNorm norm) =>
        new() { ["num_features"] = norm.Channels, ["eps"] = norm.Eps, ["momentum"] = norm.Momentum };

    private protected static IReadOnlyList<(string Name, int[] Shape)> Shapes(LayerConfig config)
    {
        int c = config.GetInt32("num_features");
        return [("weight", [c]), ("bias", [c]), ("running_mean", [c]), ("running_var", [c]), ("num_batches_tracked", [1])];
    }

    private protected static void Check(LayerConfig config)
    {
        double eps = config.GetFiniteDouble("eps");
        double momentum = config.GetFiniteDouble("momentum");
        if (!(eps > 0) || !(momentum >= 0 && momentum <= 1))
        {
            throw config.Invalid($"has eps = {eps} and momentum = {momentum}; eps must be > 0 and momentum in [0, 1]");
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{GetType().Name}({Channels}, eps={Eps}, momentum={Momentum})";
}
