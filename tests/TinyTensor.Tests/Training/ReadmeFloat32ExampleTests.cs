using TinyTensor.Data;
using TinyTensor.Layers;
using TinyTensor.Optim;
using TinyTensor.Serialization;
using TinyTensor.Training;

namespace TinyTensor.Tests.Training;

/// <summary>The README's "float32" example compiles and does what its comments say.</summary>
[TestFixture]
public sealed class ReadmeFloat32ExampleTests
{
    [Test]
    public void TheReadmeFloat32Example_TrainsAndSavesAFloat32Network()
    {
        var rng = new RandomState(0);
        Dataset blobs = TrainingProblems.Blobs(40, seed: 1);
        var loader = new DataLoader(blobs, batchSize: 16, shuffle: true, random: new RandomState(2));
        string path = Path.Combine(Path.GetTempPath(), $"readme-f32-{Guid.NewGuid():N}.safetensors");
        try
        {
            var net = new Sequential(new Linear(2, 16, rng), new ReLU(), new Linear(16, 3, rng)).To(DType.Float32);
            var adam = new Adam(net, learningRate: 1e-2);
            TrainingHistory history = new Trainer(net, new SoftmaxCrossEntropyLoss(), adam, loader).Fit(epochs: 5);
            ModelFile.Save(net, path);

            Assert.That(net.DType, Is.EqualTo(DType.Float32));
            Assert.That(net.NamedParameters().Select(p => p.Parameter.Value.DType), Is.All.EqualTo(DType.Float32));
            Assert.That(history.Epochs[^1].MeanLoss, Is.LessThan(history.Epochs[0].MeanLoss), "it trains");
            Layer loaded = ModelFile.Load(path);
            Assert.That(loaded.DType, Is.EqualTo(DType.Float32));
            Assert.That(loaded.NamedParameters().Select(p => p.Parameter.Value.ToArray<float>()),
                Is.EqualTo(net.NamedParameters().Select(p => p.Parameter.Value.ToArray<float>())), "the same float32 bits");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
