using System.Globalization;
using System.Numerics;
using System.Numerics.Tensors;
using TinyTensor.Internal;
using TinyTensor.Kernels;

namespace TinyTensor.Data;

/// <summary>
/// A labelled classification data set: N samples of D features and one class index in [0, C) per sample.
/// </summary>
/// <remarks>
/// <para>Shapes: <see cref="Features"/> is (N, D); <see cref="Labels"/> has N entries. Each sample also has a shape,
/// <see cref="SampleShape"/> (D) by default, (1, 28, 28) for IDX images, (3, 32, 32) for CIFAR-10:
/// <see cref="Samples"/> is the same storage seen as (N, …SampleShape), what a convolutional network takes, while
/// <see cref="Features"/> stays the flat view an MLP takes.</para>
/// <para><b>Element type.</b> The features may be float64 or float32 (<see cref="To(DType)"/> converts); the
/// loaders and predictors convert batches to the model's type as they copy them.</para>
/// <para><b>Ownership.</b> The data set keeps the features tensor it is given (no copy: data sets are large) and a
/// copy of the labels. Modifying the tensor afterwards changes the data set.</para>
/// </remarks>
public sealed class Dataset
{
    private readonly int[] _labels;
    private readonly int[] _sampleShape;

    /// <summary>Creates a data set from features and labels, checking that they agree.</summary>
    /// <param name="features">(N, D): one sample per row. Kept, not copied.</param>
    /// <param name="labels">N class indices, each in [0, <paramref name="classCount"/>). Copied.</param>
    /// <param name="classCount">C ≥ 1, the number of classes.</param>
    /// <exception cref="ArgumentException">The features are not 2-D or have no rows or no columns, a feature is NaN or ±∞ (the message gives its
    /// row and column: one such value would turn every loss into NaN), the label count differs from N, or a label is
    /// outside [0, C).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classCount"/> is less than 1.</exception>
    public Dataset(Tensor features, ReadOnlySpan<int> labels, int classCount)
        : this(features, labels, classCount, checkFinite: true)
    {
    }

    /// <summary>The constructor; <paramref name="checkFinite"/> is false only for subsets of a checked data set.</summary>
    private Dataset(Tensor features, ReadOnlySpan<int> labels, int classCount, bool checkFinite)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        if (features.Rank != 2)
        {
            ThrowHelper.Argument(nameof(features), $"Dataset: features must be (N, D), got shape {features.ShapeText}.");
        }

        // Tensors may have zero-length dimensions (an empty batch); a data set needs samples with features.
        if (features.Rows == 0 || features.Columns == 0)
        {
            ThrowHelper.Argument(nameof(features),
                $"Dataset: features of shape {features.ShapeText} hold no {(features.Rows == 0 ? "samples" : "feature per sample")}; a data set needs at least one of each.");
        }

        if (labels.Length != features.Rows)
        {
            ThrowHelper.Argument(nameof(labels),
                $"Dataset: {labels.Length} labels for features of shape {features.ShapeText}; expected {features.Rows}.");
        }

        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classCount)
            {
                ThrowHelper.Argument(nameof(labels), $"Dataset: label {labels[i]} at index {i} is outside [0, {classCount}).");
            }
        }

        if (checkFinite)
        {
            RequireFinite(features);
        }

        Features = features;
        _labels = labels.ToArray();
        ClassCount = classCount;
        _sampleShape = [features.Columns];
        Samples = features;
    }

    private Dataset(Dataset source, int[] sampleShape)
    {
        Features = source.Features;
        _labels = source._labels;
        ClassCount = source.ClassCount;
        _sampleShape = sampleShape;
        Samples = Features.Reshape([Count, .. sampleShape]);
    }

    /// <summary>The same samples (shared storage, no copy) seen with another sample shape, e.g. (1, 28, 28) for
    /// 784 features.</summary>
    /// <param name="sampleShape">The dimensions of one sample; their product must be <see cref="FeatureCount"/>.</param>
    /// <exception cref="ArgumentException">The product differs from D, or a dimension is less than 1.</exception>
    public Dataset WithSampleShape(params int[] sampleShape)
    {
        ArgumentNullException.ThrowIfNull(sampleShape);
        long product = 1;
        foreach (int dim in sampleShape)
        {
            product *= dim;
            if (dim < 1)
            {
                product = -1;
                break;
            }
        }

        if (sampleShape.Length == 0 || product != FeatureCount)
        {
            ThrowHelper.Argument(nameof(sampleShape),
                $"Dataset.WithSampleShape: samples of shape {ThrowHelper.FormatShape(sampleShape)} do not hold the {FeatureCount} features of each sample.");
        }

        return new Dataset(this, (int[])sampleShape.Clone());
    }

    /// <summary>The dimensions of one sample (a copy): (D) unless given with <see cref="WithSampleShape"/>.</summary>
    public int[] SampleShape => (int[])_sampleShape.Clone();

    /// <summary>(N, …<see cref="SampleShape"/>): <see cref="Features"/> seen in the samples' own shape (a view).</summary>
    public Tensor Samples { get; }

    /// <summary>(N, D) features, one sample per row.</summary>
    public Tensor Features { get; }

    /// <summary>The N class indices, in [0, <see cref="ClassCount"/>).</summary>
    public ReadOnlySpan<int> Labels => _labels;

    /// <summary>N, the number of samples.</summary>
    public int Count => _labels.Length;

    /// <summary>D, the number of features per sample.</summary>
    public int FeatureCount => Features.Columns;

    /// <summary>C, the number of classes.</summary>
    public int ClassCount { get; }

    /// <summary>
    /// The same samples with features of element type <paramref name="dtype"/> (a converted copy, rounded as
    /// <see cref="Tensor.To(DType)"/>; this data set itself if it already has that type), the same labels and sample
    /// shape. Training needs no converted data set (<see cref="DataLoader.Batches(DType)"/> converts batch by batch);
    /// it saves the conversion when the same data is evaluated many times.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dtype"/> is not a defined type.</exception>
    public Dataset To(DType dtype)
    {
        if (Features.DType == dtype)
        {
            DTypes.Require(dtype, nameof(dtype));
            return this;
        }

        var converted = new Dataset(Features.To(dtype), _labels, ClassCount, checkFinite: false);
        return _sampleShape.Length == 1 ? converted : new Dataset(converted, _sampleShape);
    }

    /// <summary>A new data set with copies of the given samples, in the given order (and element type).</summary>
    /// <param name="indices">Sample indices in [0, N); at least one; repeats allowed.</param>
    /// <exception cref="ArgumentException">No index is given, or one is outside [0, N).</exception>
    public Dataset Subset(ReadOnlySpan<int> indices)
    {
        if (indices.IsEmpty)
        {
            ThrowHelper.Argument(nameof(indices), "Dataset.Subset: give at least one index.");
        }

        int d = FeatureCount;
        var features = new Tensor(Features.DType, indices.Length, d);
        var labels = new int[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            int index = indices[i];
            if ((uint)index >= (uint)Count)
            {
                ThrowHelper.ArgumentOutOfRange(nameof(indices), index,
                    $"Dataset.Subset: index {index} at position {i} is outside [0, {Count}).");
            }

            ConvertingCopy.Copy(Features, index * d, features, i * d, d);
            labels[i] = _labels[index];
        }

        var subset = new Dataset(features, labels, ClassCount, checkFinite: false);
        return _sampleShape.Length == 1 ? subset : new Dataset(subset, _sampleShape);
    }

    /// <summary>
    /// A shuffled train/validation split: p = <paramref name="random"/>.Permutation(N); the validation set is the
    /// samples p[0 … V), the training set p[V … N), both in that permuted order (as scikit-learn's
    /// <c>ShuffleSplit</c> takes the test set first).
    /// </summary>
    /// <param name="validationCount">V, in [1, N − 1].</param>
    /// <param name="random">The generator the permutation is drawn from (N bounded draws).</param>
    /// <exception cref="ArgumentOutOfRangeException">V is outside [1, N − 1].</exception>
    public DatasetSplit Split(int validationCount, RandomState random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (validationCount < 1 || validationCount > Count - 1)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(validationCount), validationCount,
                $"Dataset.Split: the validation count must be in [1, {Count - 1}] for {Count} samples, got {validationCount}.");
        }

        int[] order = random.Permutation(Count);
        return new DatasetSplit(Subset(order.AsSpan(validationCount)), Subset(order.AsSpan(0, validationCount)));
    }

    /// <summary>
    /// A shuffled split with V = ⌈<paramref name="validationFraction"/> · N⌉ validation samples (scikit-learn rounds
    /// the test size up too); otherwise as <see cref="Split(int, RandomState)"/>.
    /// </summary>
    /// <param name="validationFraction">In (0, 1); V must come out in [1, N − 1].</param>
    /// <param name="random">The generator the permutation is drawn from.</param>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is outside (0, 1) or leaves a side empty.</exception>
    public DatasetSplit Split(double validationFraction, RandomState random)
    {
        if (!(validationFraction > 0.0 && validationFraction < 1.0))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(validationFraction), validationFraction,
                $"Dataset.Split: the validation fraction must be in (0, 1), got {validationFraction}.");
        }

        int count = (int)Math.Ceiling(validationFraction * Count);
        if (count > Count - 1)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(validationFraction), validationFraction,
                $"Dataset.Split: a validation fraction of {validationFraction} of {Count} samples leaves no training sample.");
        }

        return Split(count, random);
    }

    /// <inheritdoc />
    public override string ToString() => $"Dataset({Count} samples × {FeatureCount} features, {ClassCount} classes)";

    /// <summary>One vectorised pass, cheap next to reading or parsing the values; the slow search for the position
    /// runs only when there is something to report.</summary>
    private static void RequireFinite(Tensor features)
    {
        if (features.DType == DType.Float32)
        {
            RequireFinite(features, features.AsReadOnlySpan<float>());
        }
        else
        {
            RequireFinite(features, features.AsReadOnlySpan<double>());
        }
    }

    private static void RequireFinite<T>(Tensor features, ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (TensorPrimitives.IsFiniteAll(values))
        {
            return;
        }

        for (int i = 0; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                ThrowHelper.Argument(nameof(features), string.Create(CultureInfo.InvariantCulture,
                    $"Dataset: feature {values[i]} at row {i / features.Columns}, column {i % features.Columns} is not finite; NaN or ±∞ in an input makes every loss NaN."));
            }
        }
    }
}
