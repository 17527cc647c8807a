using TinyTensor.Data;
using TinyTensor.Layers;
using TinyTensor.Optim;
using TinyTensor.Training;

namespace TinyTensor.Tests.Training;

public sealed class TrainerTests
{
    private static Trainer BlobTrainer(int batchSize = 10, double learningRate = 0.5)
    {
        DataLoader loader = DataLoader.WithValidationSplit(TrainingProblems.Blobs(40, seed: 1), 30, batchSize, seed: 2);
        Sequential model = TrainingProblems.SoftmaxRegression(seed: 3);
        return new Trainer(model, new CrossEntropyLoss(), new SGD(model, learningRate), loader);
    }

    [Test]
    public void Training_on_a_tiny_problem_reduces_the_loss_and_learns_it()
    {
        Trainer trainer = BlobTrainer();

        TrainingHistory history = trainer.Fit(15);

        Assert.That(history.Count, Is.EqualTo(15));
        double first = history.Epochs[0].MeanLoss, last = history.Last!.MeanLoss;
        Assert.That(first, Is.LessThan(Math.Log(3) + 1e-9), "starts near ln 3, the loss of uniform guesses");
        Assert.That(last, Is.LessThan(first / 4), $"loss {first} → {last}");
        Assert.That(history.LastValidationAccuracy, Is.GreaterThanOrEqualTo(0.95));
        Assert.That(history.Last.TrainAccuracy, Is.GreaterThanOrEqualTo(0.95));
        Assert.That(trainer.Evaluate(trainer.Data.Validation!), Is.EqualTo(history.LastValidationAccuracy));
    }

    [Test]
    public void Training_is_deterministic_for_a_seed()
    {
        double[] a = BlobTrainer().Fit(3).Epochs.Select(e => e.MeanLoss).ToArray();
        double[] b = BlobTrainer().Fit(3).Epochs.Select(e => e.MeanLoss).ToArray();
        Assert.That(a, Is.EqualTo(b));
    }

    [Test]
    public void A_nan_in_the_data_stops_training_naming_the_epoch_and_batch()
    {
        Dataset blobs = TrainingProblems.Blobs(10, seed: 1); // 30 samples
        blobs.Features[13, 1] = double.NaN;                  // in batch 4 (rows 12 … 15) of 4-sample batches
        Sequential model = TrainingProblems.SoftmaxRegression(seed: 3);
        var trainer = new Trainer(model, new CrossEntropyLoss(), new SGD(model, 0.1), new DataLoader(blobs, batchSize: 4));

        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(5));

        Assert.That(e, Is.InstanceOf<InvalidOperationException>());
        Assert.That((e!.Epoch, e.Batch, double.IsNaN(e.Loss)), Is.EqualTo((1, 4, true)));
        Assert.That(e.Message, Does.Contain("epoch 1, batch 4").And.Contain("NaN"));
        Assert.That(trainer.History.Count, Is.Zero);
    }

    [Test]
    public void A_non_finite_loss_in_a_later_epoch_keeps_the_completed_epochs_and_skips_the_step()
    {
        Dataset blobs = TrainingProblems.Blobs(10, seed: 1);      // 30 samples, 3 batches of 10
        Sequential model = TrainingProblems.SoftmaxRegression(seed: 3);
        var loss = new PoisonedLoss(poisonedCall: 5, model);      // epoch 2, batch 2
        var trainer = new Trainer(model, loss, new SGD(model, 0.1), new DataLoader(blobs, batchSize: 10));

        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(4));

        Assert.That((e!.Epoch, e.Batch), Is.EqualTo((2, 2)));
        Assert.That(double.IsPositiveInfinity(e.Loss), Is.True);
        Assert.That(trainer.History.Count, Is.EqualTo(1));
        Assert.That(model.Parameters[0].ToArray(), Is.EqualTo(loss.WeightsAtPoison), "no step after the bad loss");
    }

    [Test]
    public void Validation_runs_every_k_epochs_and_after_the_last_and_progress_sees_each_epoch()
    {
        Trainer trainer = BlobTrainer();
        trainer.ValidationInterval = 3;
        var recorder = new TrainingProblems.Recorder();

        trainer.Fit(7, recorder);

        Assert.That(recorder.Reports.Select(r => r.Epoch), Is.EqualTo(Enumerable.Range(1, 7)));
        Assert.That(recorder.Reports.Select(r => r.TotalEpochs), Has.All.EqualTo(7));
        Assert.That(recorder.Reports.Where(r => r.ValidationAccuracy is not null).Select(r => r.Epoch), Is.EqualTo(new[] { 3, 6, 7 }));
        Assert.That(trainer.History.Epochs, Is.EqualTo(recorder.Reports));
        Assert.That(recorder.Reports.Select(r => r.Duration), Has.All.GreaterThan(TimeSpan.Zero));
    }

    [Test]
    public void A_second_fit_continues_the_epoch_count()
    {
        Trainer trainer = BlobTrainer();
        trainer.Fit(2);
        var recorder = new TrainingProblems.Recorder();
        trainer.Fit(3, recorder);
        Assert.That(recorder.Reports.Select(r => (r.Epoch, r.TotalEpochs)), Is.EqualTo(new[] { (3, 5), (4, 5), (5, 5) }));
        Assert.That(trainer.History.Count, Is.EqualTo(5));
    }

    [Test]
    public void Without_a_validation_set_no_validation_accuracy_is_recorded()
    {
        Sequential model = TrainingProblems.SoftmaxRegression(seed: 3);
        var trainer = new Trainer(model, new CrossEntropyLoss(), new SGD(model, 0.5), new DataLoader(TrainingProblems.Blobs(5, 1), 4));
        Assert.That(trainer.Fit(2).Epochs.Select(e => e.ValidationAccuracy), Has.All.Null);
        Assert.That(trainer.History.LastValidationAccuracy, Is.Null);
    }

    [Test]
    public void An_epoch_after_the_first_allocates_almost_nothing()
    {
        // 90 training samples in batches of 10 and 30 validation samples: no partial batch, so no layer reallocates.
        DataLoader loader = DataLoader.WithValidationSplit(TrainingProblems.Blobs(40, seed: 1), 30, 10, seed: 2);
        var model = new Sequential(new Linear(2, 16, new RandomState(0)), new ReLU(), new Linear(16, 3, new RandomState(1)), new Softmax());
        var trainer = new Trainer(model, new CrossEntropyLoss(), new SGD(model, 0.1), loader);
        trainer.Fit(2);

        long before = GC.GetAllocatedBytesForCurrentThread();
        trainer.Fit(3);
        long perEpoch = (GC.GetAllocatedBytesForCurrentThread() - before) / 3;

        // What remains is per epoch, not per batch: the EpochReport record and the history list's growth.
        Assert.That(perEpoch, Is.LessThan(512), $"{perEpoch} bytes per epoch of 9 batches");
    }

    [Test]
    public void Cancellation_stops_before_the_next_batch()
    {
        Trainer trainer = BlobTrainer();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.That(() => trainer.Fit(3, cancellationToken: cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(trainer.History.Count, Is.Zero);
    }

    [Test]
    public void Arguments_are_validated_with_their_values()
    {
        Trainer trainer = BlobTrainer();
        Assert.That(() => trainer.Fit(0), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("got 0"));
        Assert.That(() => trainer.ValidationInterval = 0, Throws.TypeOf<ArgumentOutOfRangeException>());

        Sequential other = TrainingProblems.SoftmaxRegression(seed: 4);
        Assert.That(() => new Trainer(trainer.Model, new CrossEntropyLoss(), new SGD(other, 0.1), trainer.Data),
            Throws.ArgumentException.With.Message.Contains("different model"));
    }

    /// <summary>Cross-entropy that returns +∞ on one call, remembering the first weights at that moment.</summary>
    private sealed class PoisonedLoss(int poisonedCall, Sequential model) : ILoss
    {
        private readonly CrossEntropyLoss _inner = new();
        private int _calls;

        public double[] WeightsAtPoison { get; private set; } = [];

        public double Forward(Tensor output, ReadOnlySpan<int> labels)
        {
            double loss = _inner.Forward(output, labels);
            if (++_calls != poisonedCall)
            {
                return loss;
            }

            WeightsAtPoison = model.Parameters[0].ToArray();
            return double.PositiveInfinity;
        }

        public Tensor Backward() => _inner.Backward();
    }
}
