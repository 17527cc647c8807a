using TinyTensor.Internal;
using TinyTensor.Serialization;

namespace TinyTensor.Layers;

/// <summary>Batch normalisation of features (PyTorch's <c>nn.BatchNorm1d</c>): input (N, C) or (N, C, L), statistics
/// per feature C over N (and L). The rules are <see cref="BatchNorm"/>'s.</summary>
public sealed class BatchNorm1d : BatchNorm
{
    /// <summary>A layer for <paramref name="features"/> features, γ = 1, β = 0, running mean 0 and variance 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="features"/> is less than 1, eps is not positive
    /// or momentum not in [0, 1].</exception>
    public BatchNorm1d(int features, double eps = DefaultEps, double momentum = DefaultMomentum)
        : base(features, eps, momentum)
    {
    }

    private protected override (int Batch, int Spatial) CheckInput(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank is not (2 or 3) || input.Columns != Channels)
        {
            ThrowHelper.Argument(nameof(input),
                $"BatchNorm1d.Forward: expected input of shape (N, {Channels}) or (N, {Channels}, L), got {input.ShapeText}.");
        }

        // Rows and Columns are dims 0 and 1 (Tensor.Dim would allocate its error text); L = length / (N·C).
        int n = input.Rows;
        return (n, input.Rank == 3 ? (n == 0 ? 0 : input.Length / (n * Channels)) : 1);
    }

    /// <summary>The model-file description: <c>{"type":"BatchNorm1d","num_features":…,"eps":…,"momentum":…}</c>, parameters
    /// weight and bias, buffers running_mean, running_var (C,) and num_batches_tracked (1,).</summary>
    internal static LayerFormat<BatchNorm1d> Format { get; } = new(nameof(BatchNorm1d),
        describe: Describe,
        create: (config, tensors) => Restore(new BatchNorm1d(config.GetInt32("num_features"), config.GetFiniteDouble("eps"), config.GetFiniteDouble("momentum")), tensors),
        parameterShapes: Shapes,
        check: Check);
}
