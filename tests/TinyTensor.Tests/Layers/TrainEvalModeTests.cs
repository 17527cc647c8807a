using TinyTensor.Data;
using TinyTensor.Layers;
using TinyTensor.Optim;
using TinyTensor.Training;

namespace TinyTensor.Tests.Layers;

/// <summary>Training is true by default; Train/Eval set it recursively; the trainer trains in train mode and
/// validates in eval mode.</summary>
[TestFixture]
public sealed class TrainEvalModeTests
{
    [Test]
    public void Layers_StartInTrainingMode_AndEvalAndTrainSetEveryDescendant()
    {
        var inner = new ReLU();
        var nested = new Sequential(new Linear(2, 2, new RandomState(0)), inner);
        var net = new Sequential(nested, new Linear(2, 2, new RandomState(1)));
        Assert.That(net.Training && nested.Training && inner.Training, Is.True);

        net.Eval();
        Assert.That(new[] { net.Training, nested.Training, inner.Training, net.Modules[1].Training }, Is.All.False);

        net.Train();
        Assert.That(new[] { net.Training, nested.Training, inner.Training, net.Modules[1].Training }, Is.All.True);
    }

    [Test]
    public void Trainer_RunsBatchesInTrainMode_AndValidationInEvalMode()
    {
        DataLoader loader = DataLoader.WithValidationSplit(Training.TrainingProblems.Blobs(10, seed: 1), 6, 8, seed: 2);
        var probe = new ModeProbe();
        var model = new Sequential(probe, new Linear(2, 3, new RandomState(3)));
        var trainer = new Trainer(model, new SoftmaxCrossEntropyLoss(), new SGD(model, 0.1), loader);
        trainer.Fit(1);

        int trainBatches = (int)Math.Ceiling(24 / 8.0);
        Assert.That(probe.Calls.Take(trainBatches).Select(c => c.Training), Is.All.True);
        Assert.That(probe.Calls.Skip(trainBatches).Select(c => c.Training), Is.Not.Empty.And.All.False);
        Assert.That(model.Training, Is.True, "back in training mode after validation");
    }

    [Test]
    public void Predictor_RunsInEvalMode_AndLeavesAnEvalModelInEvalMode()
    {
        var probe = new ModeProbe();
        var model = new Sequential(probe, new Linear(2, 3, new RandomState(3)));
        model.Eval();
        new Predictor(model, 4).Predict(new RandomState(0).Randn(5, 2));
        Assert.That(probe.Calls.Select(c => c.Training), Is.All.False);
        Assert.That(model.Training, Is.False);
    }
}
