using TinyTensor.Data;
using TinyTensor.Layers;

namespace TinyTensor.Cli.Training;

/// <summary>
/// <c>train --standardize</c>: z-scores every feature with the mean and standard deviation of the training split,
/// as scikit-learn's <c>StandardScaler</c> (population σ; a constant feature keeps σ = 1).
/// </summary>
/// <remarks>
/// The transform is a <see cref="Standardize"/> layer (mean and std as buffers, 2·D doubles), put in front of the
/// trained network when it is saved, so <c>eval</c>/<c>predict</c> apply it because it is part of the network.
/// Training transforms the data with the same layer; the transform is elementwise, so a saved float64 model sees the
/// same bits at evaluation as during training. With <c>--dtype float32</c> the layer is saved in float32 while the
/// training data was standardised in float64 and then rounded, so an evaluation input may differ from its training
/// counterpart in the last float32 bit.
/// </remarks>
internal static class Standardizer
{
    /// <summary>The layer that z-scores <paramref name="train"/>'s features.</summary>
    public static Standardize Fit(Dataset train) => Standardize.Fit(train.Features);

    /// <summary>A new data set: <paramref name="data"/>'s features through <paramref name="layer"/>, same labels.</summary>
    public static Dataset Apply(Standardize layer, Dataset data) =>
        new(layer.Forward(data.Features).Clone(), data.Labels, data.ClassCount);
}
