using TinyTensor.Data;
using TinyTensor.Layers;
using TinyTensor.Optim;
using TinyTensor.Serialization;
using TinyTensor.Training;

namespace TinyTensor.Tests.Training;

/// <summary>Trainer, Predictor and ModelFile take any Layer: a single layer and a nested chain train, predict and save.</summary>
[TestFixture]
public sealed class TrainerAnyLayerTests
{
    private static DataLoader Loader() => DataLoader.WithValidationSplit(TrainingProblems.Blobs(40, seed: 1), 30, 16, seed: 2);

    [Test]
    public void ASingleLinearLayer_Trains_AndSurvivesASaveAndLoad()
    {
        var model = new Linear(2, 3, new RandomState(3));
        var trainer = new Trainer(model, new SoftmaxCrossEntropyLoss(), new SGD(model, 0.5), Loader());
        trainer.Fit(30);
        Assert.That(trainer.History.LastValidationAccuracy, Is.GreaterThan(0.9));

        using var stream = new MemoryStream();
        ModelFile.Save(model, stream);
        stream.Position = 0;
        Layer loaded = ModelFile.LoadLayer(stream);
        Tensor x = TrainingProblems.Blobs(5, seed: 9).Features;
        Assert.That(new Predictor(loaded).Predict(x), Is.EqualTo(trainer.Predict(x)));
    }

    [Test]
    public void ANestedNetwork_Trains_LikeTheSameFlatNetwork_BitForBit()
    {
        Sequential flat = new(new Linear(2, 8, new RandomState(3)), new Tanh(), new Linear(8, 3, new RandomState(4)));
        Sequential nested = new(new Sequential(new Linear(2, 8, new RandomState(3)), new Tanh()), new Linear(8, 3, new RandomState(4)));
        var a = new Trainer(flat, new SoftmaxCrossEntropyLoss(), new Adam(flat, 0.01), Loader());
        var b = new Trainer(nested, new SoftmaxCrossEntropyLoss(), new Adam(nested, 0.01), Loader());
        a.Fit(5);
        b.Fit(5);
        Assert.That(b.History.Epochs.Select(r => r.MeanLoss), Is.EqualTo(a.History.Epochs.Select(r => r.MeanLoss)));
        for (int i = 0; i < flat.Parameters.Count; i++)
        {
            Support.AssertTensor.BitwiseEqual(nested.Parameters[i].AsReadOnlySpan(), flat.Parameters[i].AsReadOnlySpan(), $"parameter {i}");
        }
    }
}
