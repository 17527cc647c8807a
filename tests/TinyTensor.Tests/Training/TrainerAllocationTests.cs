using TinyTensor.Data;
using TinyTensor.Layers;
using TinyTensor.Optim;
using TinyTensor.Training;

namespace TinyTensor.Tests.Training;

/// <summary>A whole epoch of <see cref="Trainer.Fit"/> (shuffled batches, a partial last batch, validation) allocates only
/// its report once warm.</summary>
[TestFixture]
public sealed class TrainerAllocationTests
{
    [Test]
    public void Fit_OnceWarm_AllocatesOnlyTheEpochReports()
    {
        // 90 training samples in batches of 16: five full batches and one of 10; 30 validation samples.
        DataLoader loader = DataLoader.WithValidationSplit(TrainingProblems.Blobs(40, seed: 1), 30, 16, seed: 2);
        var model = new Sequential(new Linear(2, 16, new RandomState(3)), new ReLU(), new Linear(16, 3, new RandomState(4)));
        var trainer = new Trainer(model, new SoftmaxCrossEntropyLoss(), new SGD(model, 0.1, 1e-4, momentum: 0.9), loader);
        trainer.Fit(2);

        long before = GC.GetAllocatedBytesForCurrentThread();
        trainer.Fit(20);
        long perEpoch = (GC.GetAllocatedBytesForCurrentThread() - before) / 20;

        // An EpochReport record and the history list's growth: well under 1 KB an epoch, not a batch buffer (≥ 16 × 16 × 8 B).
        Assert.That(perEpoch, Is.LessThan(512), $"{perEpoch} bytes per epoch");
    }
}
