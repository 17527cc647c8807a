using System.Diagnostics;
using TinyTensor.Data;
using TinyTensor.Kernels;
using TinyTensor.Layers;
using TinyTensor.Optim;

namespace TinyTensor.Training;

/// <summary>
/// Trains a network on a <see cref="DataLoader"/>'s batches, as the framework's trainer (and Keras' <c>fit</c>):
/// per epoch, for each batch, forward, loss, zero_grad, backward, step; then the mean batch loss and, every
/// <see cref="ValidationInterval"/> epochs, the validation accuracy go into <see cref="History"/>.
/// </summary>
/// <remarks>
/// <para>A non-finite batch loss stops training with a <see cref="TrainingDivergedException"/> naming the epoch and
/// the batch, before that batch's step; the epochs completed before stay in <see cref="History"/>.</para>
/// <para>The model is put in training mode (<see cref="Layer.Train"/>) for each epoch's batches and in eval mode
/// (<see cref="Layer.Eval"/>) while the validation set, <see cref="Predict"/> and <see cref="Evaluate"/> run.</para>
/// <para>The batch loop allocates nothing of its own: batches, layer outputs and gradients are reused buffers
/// (each layer keeps them for two batch shapes: the full batch and a partial last one). Validation runs in passes
/// whose row count is one of those two shapes, so it reuses the training buffers too: passes of the loader's
/// <see cref="DataLoader.BatchSize"/> B when there are at least B validation samples; otherwise passes of the partial
/// batch's L rows (when the training count is not a multiple of B), or one pass of all V samples (when it is: then V
/// rows are the second shape); a validation set smaller than L is repeated to fill L rows (rows do not interact in
/// eval mode, so the repeats change no prediction). No validated epoch reallocates a layer buffer.</para>
/// <para><b>Element type.</b> The batches are asked for in the model's element type (its parameters', float64 for a
/// model without any) at every epoch: to train in float32, convert the model (<c>model.To(DType.Float32)</c>) before
/// building the optimiser; the data sets may stay float64 (each batch is converted as it is copied). The losses are
/// reported as doubles whatever the type.</para>
/// </remarks>
public sealed class Trainer
{
    private readonly bool _takesSamples;
    private readonly Predictor _predictor;
    private readonly Predictor? _validator;
    private int[] _batchPredictions = [];
    private int _validationInterval = 1;

    /// <summary>Creates a trainer.</summary>
    /// <param name="model">The network (any <see cref="Layer"/>: a <see cref="Sequential"/>, a nested one, a single
    /// layer); its output is (B, C) and feeds <paramref name="loss"/>.</param>
    /// <param name="loss">The loss, e.g. <see cref="CrossEntropyLoss"/> after a <see cref="Softmax"/> output layer.</param>
    /// <param name="optimizer">An optimiser over <paramref name="model"/>'s parameters (all or some of them).</param>
    /// <param name="data">The training batches and the optional validation set.</param>
    /// <exception cref="ArgumentException">The optimiser updates a parameter that is not <paramref name="model"/>'s.</exception>
    public Trainer(Layer model, ILoss loss, Optimizer optimizer, DataLoader data)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(data);
        var own = new HashSet<Parameter>(model.AllParameters, ReferenceEqualityComparer.Instance);
        foreach (Parameter parameter in optimizer.Parameters)
        {
            if (!own.Contains(parameter))
            {
                throw new ArgumentException(
                    $"Trainer: the optimiser was created for a different model than the one to train: its parameter {parameter} is not one of the model's.",
                    nameof(optimizer));
            }
        }

        Model = model;
        _takesSamples = ModelInput.TakesSamples(model);
        Loss = loss;
        Optimizer = optimizer;
        Data = data;
        _predictor = new Predictor(model, data.BatchSize);
        _validator = data.Validation is null ? null : ValidationPredictor(model, data);
    }

    /// <summary>The predictor whose passes have a training shape (see the remarks): B rows, or L = N mod B rows
    /// (repeating the samples if V &lt; L), or V rows when B divides N.</summary>
    private static Predictor ValidationPredictor(Layer model, DataLoader data)
    {
        int batch = data.BatchSize, partial = data.Train.Count % batch, count = data.Validation!.Count;
        return count >= batch || partial == 0
            ? new Predictor(model, batch)
            : new Predictor(model, partial, fillWithRepeats: true);
    }

    /// <summary>The network being trained.</summary>
    public Layer Model { get; }

    /// <summary>The loss minimised.</summary>
    public ILoss Loss { get; }

    /// <summary>The optimiser that updates <see cref="Model"/>.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The training batches and the validation set.</summary>
    public DataLoader Data { get; }

    /// <summary>The records of every completed epoch.</summary>
    public TrainingHistory History { get; } = new();

    /// <summary>
    /// k ≥ 1: the validation accuracy is measured after every epoch whose number is a multiple of k, and after the
    /// last epoch of each <see cref="Fit"/> call. Default 1 (every epoch).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int ValidationInterval
    {
        get => _validationInterval;
        set
        {
            if (value < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, $"Trainer: the validation interval must be at least 1 epoch, got {value}.");
            }

            _validationInterval = value;
        }
    }

    /// <summary>Trains for <paramref name="epochs"/> more epochs.</summary>
    /// <param name="epochs">≥ 1.</param>
    /// <param name="progress">Receives each epoch's report as soon as the epoch ends (synchronously, on this thread,
    /// when the implementation is synchronous), e.g. for a progress bar.</param>
    /// <param name="cancellationToken">Checked before every batch.</param>
    /// <returns><see cref="History"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epochs"/> is less than 1.</exception>
    /// <exception cref="TrainingDivergedException">A batch loss is NaN or infinite.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; completed epochs stay in the history.</exception>
    public TrainingHistory Fit(int epochs, IProgress<EpochReport>? progress = null, CancellationToken cancellationToken = default)
    {
        if (epochs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(epochs), epochs, $"Trainer.Fit: the number of epochs must be at least 1, got {epochs}.");
        }

        int first = History.Count + 1, last = History.Count + epochs;
        for (int epoch = first; epoch <= last; epoch++)
        {
            long start = Stopwatch.GetTimestamp();
            (double meanLoss, double trainAccuracy) = RunEpoch(epoch, cancellationToken);
            double? validationAccuracy = null;
            if (Data.Validation is not null && (epoch % _validationInterval == 0 || epoch == last))
            {
                validationAccuracy = _validator!.Accuracy(Data.Validation);
            }

            var report = new EpochReport(epoch, last, meanLoss, trainAccuracy, validationAccuracy, Stopwatch.GetElapsedTime(start));
            History.Add(report);
            progress?.Report(report);
        }

        return History;
    }

    /// <summary>The predicted class of each row of <paramref name="features"/>, computed in batches of the loader's size.</summary>
    /// <param name="features">(N, D).</param>
    /// <returns>N class indices.</returns>
    public int[] Predict(Tensor features) => _predictor.Predict(features);

    /// <summary>The accuracy of the model on <paramref name="data"/>, computed in batches.</summary>
    public double Evaluate(Dataset data) => _predictor.Accuracy(data);

    /// <summary>The confusion matrix of the model on <paramref name="data"/>, computed in batches.</summary>
    public ConfusionMatrix ConfusionMatrix(Dataset data) => _predictor.ConfusionMatrix(data);

    /// <summary>One pass over the training batches; returns the mean batch loss and the running accuracy.</summary>
    private (double MeanLoss, double TrainAccuracy) RunEpoch(int epoch, CancellationToken cancellationToken)
    {
        double lossSum = 0.0;
        int batches = 0, correct = 0, samples = 0;
        Model.Train();
        foreach (Batch batch in Data.Batches(ModelInput.DTypeOf(Model)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            Tensor output = Model.Forward(_takesSamples ? batch.Samples : batch.Features);
            double loss = Loss.Forward(output, batch.Labels);
            if (!double.IsFinite(loss))
            {
                throw new TrainingDivergedException(epoch, batch.Index + 1, loss);
            }

            correct += CountCorrect(output, batch.Labels);
            samples += batch.Count;
            Optimizer.ZeroGrad();
            // Parameter gradients only: the gradient with respect to the data is never used.
            Model.BackwardParameters(Loss.Backward());
            Optimizer.Step();
            lossSum += loss;
            batches++;
        }

        return (lossSum / batches, (double)correct / samples);
    }

    /// <summary>How many rows of the (B, C) output have their largest entry at the label.</summary>
    private int CountCorrect(Tensor output, ReadOnlySpan<int> labels)
    {
        if (_batchPredictions.Length < labels.Length)
        {
            _batchPredictions = new int[labels.Length];
        }

        Span<int> predictions = _batchPredictions.AsSpan(0, labels.Length);
        RowArgMax.Compute(output, labels.Length, output.Length / labels.Length, predictions);
        return Metrics.CountEqual(predictions, labels);
    }
}
