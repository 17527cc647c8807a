using System.Text.Json.Nodes;
using TinyTensor.Internal;
using TinyTensor.Kernels;
using TinyTensor.Serialization;

namespace TinyTensor.Layers;

/// <summary>
/// Feature standardisation, y = (x − mean) / std per column, with fixed statistics (scikit-learn's
/// <c>StandardScaler.transform</c>): <c>train --standardize</c> puts one in front of the network so that <c>eval</c> and
/// <c>predict</c> apply the training split's statistics.
/// </summary>
/// <remarks>
/// <para>Shapes: x is (N, D), <see cref="Mean"/> and <see cref="Std"/> are (D,), y is (N, D). Backward: dx = dout / std.</para>
/// <para>The statistics are buffers (<see cref="Layer.OwnBuffers"/> <c>mean</c>, <c>std</c>): saved in model files,
/// never learned. 2·D values, where the earlier diagonal Linear(D, D) held D² and cost an O(N·D²) product.</para>
/// <para>Element type: the statistics' (float64 unless the layer was converted with <see cref="Layer.To(DType)"/>,
/// which rounds them); the input must have that type too, and the output and gradient have it.</para>
/// </remarks>
public sealed class Standardize : Layer
{
    private (string, Tensor)[] _buffers;
    private readonly BufferSlots _outputs = new();
    private readonly BufferSlots _inputGrads = new();
    private Tensor? _input;
    private Tensor? _output;

    /// <summary>A layer with copies of the given statistics.</summary>
    /// <param name="mean">(D,), finite.</param>
    /// <param name="std">(D,), finite and positive, of <paramref name="mean"/>'s element type (the layer's type).</param>
    /// <exception cref="ArgumentException">The shapes are not (D,) and (D,), the element types differ, or a value is
    /// out of range.</exception>
    public Standardize(Tensor mean, Tensor std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        Tensor.RequireSameDType(mean, std, "Standardize", nameof(mean), nameof(std));
        if (mean.Rank != 1 || mean.Length == 0 || !std.SameShape(mean))
        {
            ThrowHelper.Argument(nameof(std), $"Standardize: mean and std must both be (D,) with D ≥ 1, got {mean.ShapeText} and {std.ShapeText}.");
        }

        for (int j = 0; j < mean.Length; j++)
        {
            if (!double.IsFinite(mean[j]) || !(std[j] > 0) || !double.IsFinite(std[j]))
            {
                ThrowHelper.Argument(nameof(std), $"Standardize: feature {j} has mean {mean[j]} and std {std[j]}; the mean must be finite and the std finite and positive.");
            }
        }

        Mean = mean.Clone();
        Std = std.Clone();
        _buffers = [("mean", Mean), ("std", Std)];
    }

    /// <summary>The statistics of <paramref name="features"/> (N, D): the column means and population standard
    /// deviations, a constant column keeping σ = 1 (scikit-learn's rule), summed row by row. Computed in float64
    /// (float32 features are widened exactly); the layer has the features' element type.</summary>
    /// <exception cref="ArgumentException">The features are not (N, D) with N, D ≥ 1.</exception>
    public static Standardize Fit(Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Rank != 2 || features.Rows == 0 || features.Columns == 0)
        {
            ThrowHelper.Argument(nameof(features), $"Standardize.Fit: expected (N, D) features with N, D ≥ 1, got {features.ShapeText}.");
        }

        if (features.DType != TinyTensor.DType.Float64)
        {
            return (Standardize)Fit(features.To(TinyTensor.DType.Float64)).To(features.DType);
        }

        int n = features.Rows, d = features.Columns;
        ReadOnlySpan<double> x = features.AsReadOnlySpan();
        var mean = new Tensor(d);
        var std = new Tensor(d);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < d; j++)
            {
                mean[j] += x[(i * d) + j];
            }
        }

        for (int j = 0; j < d; j++)
        {
            mean[j] /= n;
        }

        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < d; j++)
            {
                double centred = x[(i * d) + j] - mean[j];
                std[j] += centred * centred;
            }
        }

        for (int j = 0; j < d; j++)
        {
            double sigma = Math.Sqrt(std[j] / n);
            std[j] = sigma > 0 && double.IsFinite(1.0 / sigma) ? sigma : 1.0;
        }

        return new Standardize(mean, std);
    }

    /// <summary>D, the number of features.</summary>
    public int Features => Mean.Length;

    /// <summary>The column means, (D,): the buffer named <c>mean</c> (replaced by <see cref="Layer.To(DType)"/>).</summary>
    public Tensor Mean { get; private set; }

    /// <summary>The column standard deviations, (D,): the buffer named <c>std</c> (replaced by <see cref="Layer.To(DType)"/>).</summary>
    public Tensor Std { get; private set; }

    /// <summary>[mean (D,), std (D,)].</summary>
    public override IReadOnlyList<(string Name, Tensor Value)> OwnBuffers => _buffers;

    /// <summary>y = (x − mean) / std. x is (N, D).</summary>
    /// <exception cref="ArgumentException"><paramref name="input"/> is not (N, D), or its element type is not the
    /// statistics'.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 2 || input.Columns != Features)
        {
            ThrowHelper.Argument(nameof(input), $"Standardize.Forward: expected input of shape (N, {Features}), got {input.ShapeText}.");
        }

        input.RequireDType(Mean.DType, "Standardize.Forward", nameof(input), "the layer's mean and std");
        Tensor output = _output = _outputs.Get(input, avoid: input);
        if (input.DType == TinyTensor.DType.Float32)
        {
            StandardizeKernel.Forward(input.AsReadOnlySpan<float>(), Mean.AsReadOnlySpan<float>(), Std.AsReadOnlySpan<float>(), input.Rows, output.AsSpan<float>());
        }
        else
        {
            StandardizeKernel.Forward(input.AsReadOnlySpan<double>(), Mean.AsReadOnlySpan<double>(), Std.AsReadOnlySpan<double>(), input.Rows, output.AsSpan<double>());
        }

        _input = input;
        return output;
    }

    /// <summary>dx = dout / std.</summary>
    /// <exception cref="InvalidOperationException"><see cref="Forward"/> has not been called.</exception>
    /// <exception cref="ArgumentException"><paramref name="outputGradient"/> is not the shape of the last output.</exception>
    public override Tensor Backward(Tensor outputGradient)
    {
        Tensor input = RequireForward(_input, nameof(Standardize));
        RequireSameShape(outputGradient, _output!, nameof(Standardize));
        outputGradient.RequireDType(Std.DType, "Standardize.Backward", nameof(outputGradient), "the layer's mean and std");
        Tensor inputGrad = _inputGrads.Get(input, avoid: outputGradient);
        if (input.DType == TinyTensor.DType.Float32)
        {
            StandardizeKernel.Backward(outputGradient.AsReadOnlySpan<float>(), Std.AsReadOnlySpan<float>(), input.Rows, inputGrad.AsSpan<float>());
        }
        else
        {
            StandardizeKernel.Backward(outputGradient.AsReadOnlySpan<double>(), Std.AsReadOnlySpan<double>(), input.Rows, inputGrad.AsSpan<double>());
        }

        return inputGrad;
    }

    /// <summary>Nothing to store: the statistics are not learned.</summary>
    public override void BackwardParameters(Tensor outputGradient)
    {
        RequireForward(_input, nameof(Standardize));
        RequireSameShape(outputGradient, _output!, nameof(Standardize));
    }

    /// <summary>Replaces <see cref="Mean"/> and <see cref="Std"/> by their copies in <paramref name="dtype"/>.</summary>
    private protected override void ConvertBuffers(DType dtype)
    {
        Mean = Mean.To(dtype);
        Std = Std.To(dtype);
        _buffers = [("mean", Mean), ("std", Std)];
    }

    /// <summary>The model-file description: <c>{"type":"Standardize","features":D}</c>, buffers mean (D,) and std (D,).</summary>
    internal static LayerFormat<Standardize> Format { get; } = new(nameof(Standardize),
        describe: s => new JsonObject { ["features"] = s.Features },
        create: (_, tensors) => new Standardize(tensors["mean"], tensors["std"]),
        parameterShapes: config => [("mean", [config.GetInt32("features")]), ("std", [config.GetInt32("features")])],
        features: config => (config.GetInt32("features"), config.GetInt32("features")));

    /// <inheritdoc />
    public override string ToString() => $"Standardize({Features})";
}
