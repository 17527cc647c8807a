namespace TinyTensor.Data;

/// <summary>
/// Mini-batches over a training set, reshuffled every epoch if asked, plus an optional validation set: the
/// framework's data loader (and PyTorch's <c>DataLoader</c> with <c>drop_last=False</c>).
/// </summary>
/// <remarks>
/// <para><b>Order.</b> Each call to <see cref="Batches()"/> starts an epoch. With shuffling, the epoch's order is
/// <c>random.Permutation(N)</c> (computed in place, with the same draws), so a generator seeded with s gives the
/// order of NumPy's <c>np.random.seed(s); np.random.permutation(N)</c>, and the next epoch continues the stream.
/// Without shuffling the order is 0 … N − 1 every epoch.</para>
/// <para><b>Batches.</b> The order is cut into ⌈N / B⌉ batches of B samples; the last one holds the remaining
/// N mod B samples when B does not divide N (kept, as the framework does).</para>
/// <para><b>Buffers.</b> A batch is a buffer the loader owns: one (B, D) features tensor and B labels for full
/// batches, one more for the partial last batch, allocated on first use. The next batch of the same size overwrites
/// it; after the first epoch, iterating allocates nothing. Enumerate one epoch at a time.</para>
/// <para><b>Element type.</b> <see cref="Batches()"/> gives batches in the training set's element type;
/// <see cref="Batches(DType)"/> in the type asked for, each sample converted as it is copied into the batch (float64
/// → float32 rounds as <see cref="Tensor.To(DType)"/>, so a batch holds exactly the rows of
/// <c>Train.Features.To(dtype)</c>), into buffers kept per type: iterating still allocates nothing after the first
/// epoch. <see cref="Training.Trainer"/> asks for the model's type.</para>
/// </remarks>
public sealed class DataLoader
{
    private readonly int[] _order;
    private readonly RandomState? _random;
    // Indexed by (int)DType: the full and the partial batch buffers of each element type, made on first use.
    private readonly Batch?[] _fullBatches = new Batch?[2];
    private readonly Batch?[] _lastBatches = new Batch?[2];

    /// <summary>Creates a loader over <paramref name="train"/>.</summary>
    /// <param name="train">The training samples.</param>
    /// <param name="batchSize">B ≥ 1. A B larger than N gives one batch of N samples, and <see cref="BatchSize"/> is
    /// then N: buffers (and a predictor sized like the batches) never grow beyond the data.</param>
    /// <param name="shuffle">Whether each epoch visits the samples in a new random order.</param>
    /// <param name="random">The generator of the epoch permutations; required when <paramref name="shuffle"/> is
    /// set (pass <c>new RandomState(seed)</c> for NumPy's order of that seed).</param>
    /// <param name="validation">Held-out samples with the same feature and class counts, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">Shuffling without a generator, or a validation set whose feature or
    /// class count differs from the training set's.</exception>
    public DataLoader(Dataset train, int batchSize, bool shuffle = false, RandomState? random = null, Dataset? validation = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (batchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"DataLoader: the batch size must be at least 1, got {batchSize}.");
        }

        if (shuffle && random is null)
        {
            throw new ArgumentException("DataLoader: shuffling needs a RandomState to draw the epoch permutations from.", nameof(random));
        }

        if (validation is not null && (validation.FeatureCount != train.FeatureCount || validation.ClassCount != train.ClassCount))
        {
            throw new ArgumentException(
                $"DataLoader: the validation set has {validation.FeatureCount} features and {validation.ClassCount} classes, " +
                $"the training set {train.FeatureCount} features and {train.ClassCount} classes; they must agree.", nameof(validation));
        }

        Train = train;
        Validation = validation;
        BatchSize = Math.Min(batchSize, train.Count);
        Shuffle = shuffle;
        _random = shuffle ? random : null;
        _order = new int[train.Count];
        ResetOrder();
    }

    /// <summary>
    /// Splits <paramref name="data"/> into training and validation sets and makes a loader over the training part,
    /// all from one generator seeded with <paramref name="seed"/>: first the split's permutation of N (see
    /// <see cref="Dataset.Split(int, RandomState)"/>), then one permutation of the training count per epoch.
    /// </summary>
    /// <param name="data">The samples to split.</param>
    /// <param name="validationCount">V in [1, N − 1] samples to hold out.</param>
    /// <param name="batchSize">B ≥ 1.</param>
    /// <param name="seed">The seed of the generator.</param>
    /// <param name="shuffle">Whether each epoch reshuffles the training set.</param>
    /// <exception cref="ArgumentOutOfRangeException">V or B is out of range.</exception>
    public static DataLoader WithValidationSplit(Dataset data, int validationCount, int batchSize, uint seed, bool shuffle = true)
    {
        ArgumentNullException.ThrowIfNull(data);
        var random = new RandomState(seed);
        DatasetSplit split = data.Split(validationCount, random);
        return new DataLoader(split.Train, batchSize, shuffle, random, split.Validation);
    }

    /// <summary>As <see cref="WithValidationSplit(Dataset, int, int, uint, bool)"/> with V = ⌈fraction · N⌉ (see
    /// <see cref="Dataset.Split(double, RandomState)"/>).</summary>
    /// <param name="data">The samples to split.</param>
    /// <param name="validationFraction">In (0, 1).</param>
    /// <param name="batchSize">B ≥ 1.</param>
    /// <param name="seed">The seed of the generator.</param>
    /// <param name="shuffle">Whether each epoch reshuffles the training set.</param>
    /// <exception cref="ArgumentOutOfRangeException">The fraction or B is out of range.</exception>
    public static DataLoader WithValidationSplit(Dataset data, double validationFraction, int batchSize, uint seed, bool shuffle = true)
    {
        ArgumentNullException.ThrowIfNull(data);
        var random = new RandomState(seed);
        DatasetSplit split = data.Split(validationFraction, random);
        return new DataLoader(split.Train, batchSize, shuffle, random, split.Validation);
    }

    /// <summary>The samples the batches are drawn from.</summary>
    public Dataset Train { get; }

    /// <summary>The held-out samples, or <see langword="null"/>.</summary>
    public Dataset? Validation { get; }

    /// <summary>B, the size of every batch but possibly the last: the batch size asked for, or N when that is larger.</summary>
    public int BatchSize { get; }

    /// <summary>Whether each epoch visits the samples in a new random order.</summary>
    public bool Shuffle { get; }

    /// <summary>⌈N / B⌉, the number of batches per epoch.</summary>
    public int BatchCount => (int)(((long)Train.Count + BatchSize - 1) / BatchSize); // 64-bit: N + B − 1 overflows int near int.MaxValue

    /// <summary>
    /// Told how many batches of the current epoch are done, each time the next one is requested (0 at the start of an
    /// epoch, <see cref="BatchCount"/> at its end), synchronously on the iterating thread: for a progress bar that
    /// advances per batch. <see langword="null"/> (the default) for none. Reporting allocates nothing.
    /// </summary>
    public IProgress<int>? BatchProgress { get; set; }

    /// <summary>The sample indices of the current epoch, in visiting order.</summary>
    public ReadOnlySpan<int> Order => _order;

    /// <summary>
    /// Starts an epoch (drawing a new permutation when shuffling) and returns its batches for <c>foreach</c>, in the
    /// training set's element type.
    /// </summary>
    public BatchEnumerator Batches() => Batches(Train.Features.DType);

    /// <summary>
    /// Starts an epoch (drawing a new permutation when shuffling) and returns its batches for <c>foreach</c>, with
    /// features of element type <paramref name="dtype"/> (converted from the training set's type if it differs).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dtype"/> is not a defined type.</exception>
    public BatchEnumerator Batches(DType dtype)
    {
        DTypes.Require(dtype, nameof(dtype));
        if (_random is not null)
        {
            // Identity then NumPy's in-place Fisher-Yates: the same draws and result as RandomState.Permutation(N),
            // without allocating a new array each epoch.
            ResetOrder();
            _random.Shuffle(_order);
        }

        return new BatchEnumerator(this, dtype);
    }

    /// <summary>Fills and returns batch <paramref name="index"/> of the current epoch, in element type <paramref name="dtype"/>.</summary>
    internal Batch FillBatch(int index, DType dtype)
    {
        int start = checked(index * BatchSize);
        int count = Math.Min(BatchSize, Train.Count - start);
        Batch batch = count == BatchSize
            ? _fullBatches[(int)dtype] ??= new Batch(BatchSize, Train.FeatureCount, Train.SampleShape, dtype)
            : _lastBatches[(int)dtype] ??= new Batch(count, Train.FeatureCount, Train.SampleShape, dtype);
        batch.Fill(Train, _order.AsSpan(start, count), index);
        return batch;
    }

    private void ResetOrder()
    {
        for (int i = 0; i < _order.Length; i++)
        {
            _order[i] = i;
        }
    }
}
