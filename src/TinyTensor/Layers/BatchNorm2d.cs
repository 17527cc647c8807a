using TinyTensor.Serialization;

namespace TinyTensor.Layers;

/// <summary>Batch normalisation of images (PyTorch's <c>nn.BatchNorm2d</c>): input (N, C, H, W), statistics per
/// channel over N·H·W values. The rules are <see cref="BatchNorm"/>'s.</summary>
public sealed class BatchNorm2d : BatchNorm
{
    /// <summary>A layer for <paramref name="channels"/> channels, γ = 1, β = 0, running mean 0 and variance 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="channels"/> is less than 1, eps is not positive
    /// or momentum not in [0, 1].</exception>
    public BatchNorm2d(int channels, double eps = DefaultEps, double momentum = DefaultMomentum)
        : base(channels, eps, momentum)
    {
    }

    private readonly ShapeCache _shapes = new();

    private protected override (int Batch, int Spatial) CheckInput(Tensor input)
    {
        (int n, _, int h, int w) = ImageInput.Require(input, _shapes, Channels, nameof(BatchNorm2d));
        return (n, h * w);
    }

    /// <summary>The model-file description: <c>{"type":"BatchNorm2d","num_features":…,"eps":…,"momentum":…}</c>, parameters
    /// weight and bias, buffers running_mean, running_var (C,) and num_batches_tracked (1,).</summary>
    internal static LayerFormat<BatchNorm2d> Format { get; } = new(nameof(BatchNorm2d),
        describe: Describe,
        create: (config, tensors) => Restore(new BatchNorm2d(config.GetInt32("num_features"), config.GetFiniteDouble("eps"), config.GetFiniteDouble("momentum")), tensors),
        parameterShapes: Shapes,
        check: Check);
}
