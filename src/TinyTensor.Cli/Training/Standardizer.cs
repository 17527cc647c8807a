using TinyTensor.Data;
using TinyTensor.Layers;

namespace TinyTensor.Cli.Training;

/// <summary>
/// <c>train --standardize</c>: z-scores every feature with the mean and standard deviation of the training split,
/// as scikit-learn's <c>StandardScaler</c> (population σ; a constant feature keeps σ = 1).
/// </summary>
/// <remarks>
/// The transform is a <see cref="Linear"/>(D, D) layer with the diagonal weight 1/σ and the bias −μ/σ, put in front
/// of the trained network when it is saved: the model file needs no new field (its format is unchanged), and
/// <c>eval</c>/<c>predict</c> apply it because it is part of the network. Training transforms the data with the same
/// layer in 256-row chunks, the last one zero-padded (<see cref="TinyTensor.Training.Predictor"/> passes real rows
/// only, in chunks of its own size): a Linear's rows do not interact, off the diagonal every term is an exact zero and
/// the bias is added after the product, so each value is the rounded x·(1/σ) plus −μ/σ whatever the chunk, and a saved model
/// sees the same bits at evaluation as during training. The layer is never trained; its D × D weight costs D² doubles
/// (4.9 MB for 784 features).
/// </remarks>
internal static class Standardizer
{
    /// <summary>The rows of each transform pass (<see cref="TinyTensor.Training.Predictor"/>'s default batch size).</summary>
    public const int ChunkRows = 256;

    /// <summary>The layer that z-scores <paramref name="train"/>'s features.</summary>
    public static Linear Fit(Dataset train)
    {
        int n = train.Count, d = train.FeatureCount;
        ReadOnlySpan<double> x = train.Features.AsReadOnlySpan();
        var mean = new double[d];
        var variance = new double[d];
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
                variance[j] += centred * centred;
            }
        }

        var weight = new Tensor(d, d);
        var bias = new Tensor(d);
        for (int j = 0; j < d; j++)
        {
            double sigma = Math.Sqrt(variance[j] / n);
            double scale = sigma > 0 && double.IsFinite(1.0 / sigma) ? 1.0 / sigma : 1.0;
            weight[j, j] = scale;
            bias[j] = -mean[j] * scale;
        }

        return Linear.FromParameters(weight, bias);
    }

    /// <summary>A new data set: <paramref name="data"/>'s features through <paramref name="layer"/>, same labels.</summary>
    public static Dataset Apply(Linear layer, Dataset data)
    {
        int n = data.Count, d = data.FeatureCount;
        var result = new Tensor(n, d);
        var chunk = new Tensor(ChunkRows, d);
        ReadOnlySpan<double> source = data.Features.AsReadOnlySpan();
        Span<double> destination = result.AsSpan(), input = chunk.AsSpan();
        for (int start = 0; start < n; start += ChunkRows)
        {
            int count = Math.Min(ChunkRows, n - start);
            source.Slice(start * d, count * d).CopyTo(input);
            input[(count * d)..].Clear();
            layer.Forward(chunk).AsReadOnlySpan()[..(count * d)].CopyTo(destination.Slice(start * d, count * d));
        }

        return new Dataset(result, data.Labels, data.ClassCount);
    }
}
