using TinyTensor.Kernels;

namespace TinyTensor.Data;

/// <summary>
/// One mini-batch from a <see cref="DataLoader"/>: B samples' features and labels.
/// </summary>
/// <remarks>
/// <b>Buffer ownership.</b> A batch is a buffer the loader owns and reuses: the next batch of the same size
/// overwrites it (the loader keeps one buffer for full batches and one for the last, partial batch). Copy what you
/// need to keep (<see cref="Tensor.Clone"/>, <c>Labels.ToArray()</c>).
/// </remarks>
public sealed class Batch
{
    private readonly int[] _labels;

    internal Batch(int size, int featureCount, int[] sampleShape, DType dtype)
    {
        Features = new Tensor(dtype, size, featureCount);
        Samples = sampleShape.Length == 1 ? Features : Features.Reshape([size, .. sampleShape]);
        _labels = new int[size];
    }

    /// <summary>The same rows as <see cref="Features"/> in the data set's sample shape, (B, …SampleShape), e.g.
    /// (B, 1, 28, 28) for IDX images: a view of the same buffer (the same tensor when samples are flat).</summary>
    public Tensor Samples { get; }

    /// <summary>(B, D) features, one sample per row, in the element type the batches were asked for
    /// (<see cref="DataLoader.Batches(DType)"/>).</summary>
    public Tensor Features { get; }

    /// <summary>The B labels, in the rows' order.</summary>
    public ReadOnlySpan<int> Labels => _labels;

    /// <summary>B, the number of samples in this batch.</summary>
    public int Count => _labels.Length;

    /// <summary>The 0-based position of this batch in its epoch.</summary>
    public int Index { get; private set; }

    /// <summary>Fills the batch with the samples <paramref name="indices"/> of <paramref name="source"/>, converted to
    /// the batch's element type if the data set's differs (rounded as <see cref="Tensor.To(DType)"/>).</summary>
    internal void Fill(Dataset source, ReadOnlySpan<int> indices, int index)
    {
        int d = source.FeatureCount;
        ReadOnlySpan<int> labels = source.Labels;
        for (int i = 0; i < indices.Length; i++)
        {
            int sample = indices[i];
            ConvertingCopy.Copy(source.Features, sample * d, Features, i * d, d);
            _labels[i] = labels[sample];
        }

        Index = index;
    }
}
