using TinyTensor.Data;
using TinyTensor.Internal;
using TinyTensor.Kernels;
using TinyTensor.Layers;

namespace TinyTensor.Training;

/// <summary>
/// Predicts classes for many samples in fixed-size batches, so memory stays bounded whatever N is and no
/// (N, hidden) activations are ever allocated.
/// </summary>
/// <remarks>
/// <para>The model runs in eval mode (<see cref="Layer.Eval"/>); a model that was in training mode is put back in it
/// afterwards.</para>
/// <para>Every forward pass holds only real samples and, once N ≥ <see cref="BatchSize"/>, exactly
/// <see cref="BatchSize"/> rows: a last, partial chunk is the last B rows of the data, overlapping the chunk before
/// (whose rows keep their first predictions). The model's layers therefore keep one set of buffers (give the
/// trainer's batch size to share them with training), and no padding rows reach a layer whose rows interact (batch
/// statistics). With N &lt; B there is one pass of N rows.</para>
/// <para>The predictor owns one (B, D) input buffer, made on first use, and reuses it; it is not thread-safe, and
/// it overwrites the model's layer buffers like any forward pass.</para>
/// <para><b>Element type.</b> The input buffer has the model's element type (its parameters', float64 for a model
/// without any), read at every call, so converting the model with <see cref="Layer.To(DType)"/> is all a caller
/// does: features of another type are converted chunk by chunk as they are copied into the buffer (float64 →
/// float32 rounds as <see cref="Tensor.To(DType)"/>).</para>
/// </remarks>
public sealed class Predictor
{
    private Tensor? _input;
    private Tensor? _smallInput;
    private int[] _chunk = [];
    private int[] _predictions = [];
    private readonly ShapeCache _shapes = new();
    private readonly bool _fillWithRepeats;
    private bool? _takesSamples;

    /// <summary>Creates a predictor for <paramref name="model"/>.</summary>
    /// <param name="model">A network (any <see cref="Layer"/>) whose output is (B, C) class scores or probabilities.</param>
    /// <param name="batchSize">B ≥ 1, the rows of each forward pass.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is less than 1.</exception>
    public Predictor(Layer model, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (batchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"Predictor: the batch size must be at least 1, got {batchSize}.");
        }

        Model = model;
        BatchSize = batchSize;
    }

    /// <summary>A predictor that, when N &lt; B, still runs passes of exactly B rows, the N samples repeated to fill
    /// them (their predictions are read once): the trainer's validation, whose layers' buffers then keep the shapes of
    /// the training batches. Rows do not interact in eval mode, so a repeat changes no prediction.</summary>
    internal Predictor(Layer model, int batchSize, bool fillWithRepeats)
        : this(model, batchSize) =>
        _fillWithRepeats = fillWithRepeats;

    /// <summary>The network.</summary>
    public Layer Model { get; }

    /// <summary>B, the rows of each forward pass.</summary>
    public int BatchSize { get; }

    /// <summary>The predicted class (index of the largest output, the first on ties) of each row.</summary>
    /// <param name="features">(N, D) samples.</param>
    /// <returns>N class indices, a new array.</returns>
    public int[] Predict(Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        RequireMatrix(features);
        var predictions = new int[features.Shape[0]];
        Predict(features, predictions);
        return predictions;
    }

    /// <summary>Writes the predicted class of each row of <paramref name="features"/> into <paramref name="predictions"/>.</summary>
    /// <param name="features">(N, D) samples, or (N, C, H, W) images for a convolutional model.</param>
    /// <param name="predictions">N entries to overwrite.</param>
    /// <exception cref="ArgumentException">The features are not 2-D, the destination length is not N, or the
    /// model's output is not (B, C) with C ≥ 1.</exception>
    public void Predict(Tensor features, Span<int> predictions)
    {
        ArgumentNullException.ThrowIfNull(features);
        RequireMatrix(features);
        int n = features.Rows, d = n == 0 ? 0 : features.Length / n;
        if (predictions.Length != n)
        {
            ThrowHelper.Argument(nameof(predictions),
                $"Predictor.Predict: the destination holds {predictions.Length} predictions for features of shape {features.ShapeText}.");
        }

        if (n == 0)
        {
            return;
        }

        DType dtype = ModelInput.DTypeOf(Model);
        bool repeat = _fillWithRepeats && n < BatchSize;
        int rows = repeat ? BatchSize : Math.Min(BatchSize, n);
        Tensor input = rows == BatchSize ? Buffer(ref _input, features, rows, dtype) : Buffer(ref _smallInput, features, rows, dtype);
        if (_chunk.Length != BatchSize)
        {
            _chunk = new int[BatchSize];
        }

        bool wasTraining = Model.Training;
        Model.Eval();
        try
        {
            for (int start = 0; start < n; start += rows)
            {
                // The last chunk ends at row n: it starts earlier than `start` when fewer than `rows` are left.
                int first = Math.Max(0, Math.Min(start, n - rows));
                if (repeat)
                {
                    // Samples 0 … n − 1, then again from 0, until the B rows are full.
                    for (int filled = 0; filled < rows; filled += n)
                    {
                        ConvertingCopy.Copy(features, 0, input, filled * d, Math.Min(n, rows - filled) * d);
                    }
                }
                else
                {
                    ConvertingCopy.Copy(features, first * d, input, 0, rows * d);
                }

                Tensor output = Model.Forward(input);
                if (output.Rank != 2 || output.Rows != rows || output.Columns == 0)
                {
                    ThrowHelper.Argument(nameof(features),
                        $"Predictor.Predict: the model turned a {input.ShapeText} batch into {output.ShapeText}; expected ({rows}, C) with C ≥ 1.");
                }

                Span<int> chunk = _chunk.AsSpan(0, rows);
                RowArgMax.Compute(output, rows, output.Columns, chunk);
                chunk[(start - first)..Math.Min(rows, n - first)].CopyTo(predictions[start..Math.Min(n, first + rows)]);
            }
        }
        finally
        {
            if (wasTraining)
            {
                Model.Train();
            }
        }
    }

    /// <summary>A buffer of <paramref name="rows"/> samples of <paramref name="features"/>' sample shape in element type
    /// <paramref name="dtype"/>: the previous one if it fits (shapes read through a cache: <see cref="Tensor.Shape"/>
    /// copies), else a new one.</summary>
    private Tensor Buffer(ref Tensor? buffer, Tensor features, int rows, DType dtype)
    {
        int[] shape = _shapes.Of(features);
        if (buffer is not null && buffer.DType == dtype && buffer.Rows == rows && _shapes.Of(buffer).AsSpan(1).SequenceEqual(shape.AsSpan(1)))
        {
            return buffer;
        }

        int[] bufferShape = (int[])shape.Clone();
        bufferShape[0] = rows;
        return buffer = new Tensor(dtype, bufferShape);
    }

    /// <summary>The fraction of <paramref name="data"/>'s samples predicted correctly.</summary>
    /// <remarks>Reuses an internal buffer of N predictions: repeated calls on one data set allocate nothing.</remarks>
    public double Accuracy(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (_predictions.Length != data.Count)
        {
            _predictions = new int[data.Count];
        }

        Predict(Input(data), _predictions);
        return Metrics.Accuracy(_predictions, data.Labels);
    }

    /// <summary>The confusion matrix of the predictions on <paramref name="data"/> (C = the data set's class count).</summary>
    /// <exception cref="ArgumentException">The model predicts a class outside [0, C).</exception>
    public ConfusionMatrix ConfusionMatrix(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Training.ConfusionMatrix.From(Predict(Input(data)), data.Labels, data.ClassCount);
    }

    /// <summary>The view of <paramref name="data"/> the model takes (<see cref="ModelInput"/>, decided once).</summary>
    private Tensor Input(Dataset data) => (_takesSamples ??= ModelInput.TakesSamples(Model)) ? data.Samples : data.Features;

    private static void RequireMatrix(Tensor features)
    {
        if (features.Rank < 2)
        {
            ThrowHelper.Argument(nameof(features), $"Predictor.Predict: expected (N, D) features or (N, C, H, W) images, got shape {features.ShapeText}.");
        }
    }
}
