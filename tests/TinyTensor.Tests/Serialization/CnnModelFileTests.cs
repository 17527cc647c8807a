using TinyTensor.Layers;
using TinyTensor.Optim;
using TinyTensor.Serialization;
using TinyTensor.Tests.Support;

namespace TinyTensor.Tests.Serialization;

/// <summary>Model files of CNNs: the convolutional layers and BatchNorm's buffers (running statistics) round-trip,
/// and a file whose conv weights disagree with its architecture is refused.</summary>
[TestFixture]
public sealed class CnnModelFileTests
{
    private static Sequential Trained()
    {
        Sequential model = SmallCnn.Create(8);
        var loss = new SoftmaxCrossEntropyLoss();
        var optimizer = new SGD(model, 0.05);
        var rng = new RandomState(4);
        Tensor x = rng.Randn(16, 1, 8, 8);
        int[] labels = rng.RandInt(0, 5, 16);
        for (int i = 0; i < 3; i++)
        {
            SmallCnn.Step(model, loss, optimizer, x, labels);
        }

        return model;
    }

    [Test]
    public void SaveThenLoad_GivesIdenticalPredictions_AndRunningStatistics()
    {
        Sequential model = Trained();
        model.Eval();
        Tensor x = new RandomState(12).Randn(10, 1, 8, 8);
        double[] expected = model.Forward(x).ToArray();
        using var stream = new MemoryStream();
        ModelFile.Save(model, stream);
        stream.Position = 0;

        Sequential loaded = ModelFile.Load(stream);
        loaded.Eval();

        Assert.That(loaded.Forward(x).ToArray(), Is.EqualTo(expected));
        Assert.That(loaded.NamedBuffers().Select(b => b.Name).ToArray(), Is.EqualTo(model.NamedBuffers().Select(b => b.Name).ToArray()));
        Assert.That(loaded.NamedBuffers().SelectMany(b => b.Value.ToArray()), Is.EqualTo(model.NamedBuffers().SelectMany(b => b.Value.ToArray())));
        Assert.That(loaded.ToString(), Is.EqualTo(model.ToString()));
    }

    [Test]
    public void BuffersAreNamedAsPyTorchsStateDict_AndOptimisersNeverSeeThem()
    {
        Sequential model = SmallCnn.Create(1);

        Assert.That(model.NamedBuffers().Select(b => b.Name), Is.EqualTo(new[]
        {
            "1.running_mean", "1.running_var", "1.num_batches_tracked", "8.running_mean", "8.running_var", "8.num_batches_tracked",
        }));
        Assert.That(model.NamedParameters().Select(p => p.Name), Does.Not.Contain("1.running_mean"));
        Assert.That(model.Parameters.Count, Is.EqualTo(model.NamedParameters().Count()));
    }

    [Test]
    public void TheFile_ListsEachModulesParametersThenItsBuffers()
    {
        using var stream = new MemoryStream();
        ModelFile.Save(SmallCnn.Create(1), stream);
        string header = System.Text.Encoding.UTF8.GetString(stream.ToArray(), 8, (int)BitConverter.ToUInt64(stream.ToArray(), 0));

        string[] order = ["\"0.weight\"", "\"0.bias\"", "\"1.weight\"", "\"1.bias\"", "\"1.running_mean\"", "\"1.running_var\"", "\"1.num_batches_tracked\"", "\"4.weight\""];
        int[] positions = [.. order.Select(name => header.IndexOf(name, StringComparison.Ordinal))];
        Assert.That(positions, Is.All.GreaterThan(0));
        Assert.That(positions, Is.Ordered);
        Assert.That(header, Does.Contain("{\\\"type\\\":\\\"Conv2d\\\",\\\"in\\\":1,\\\"out\\\":4,\\\"kernel_size\\\":3,\\\"stride\\\":1,\\\"padding\\\":1}"));
    }

    [Test]
    public void AFileWhoseConvWeightsDisagreeWithItsArchitecture_IsRefused()
    {
        var rng = new RandomState(1);
        using var stream = new MemoryStream();
        ModelFile.Save(new Sequential(new Conv2d(1, 2, 3, rng), new Flatten()), stream);
        byte[] bytes = stream.ToArray();
        int headerLength = (int)BitConverter.ToUInt64(bytes, 0);
        string header = System.Text.Encoding.UTF8.GetString(bytes, 8, headerLength);
        // Same byte count, another architecture: the file says kernel 3 with 2 input channels... and 1 output channel.
        string edited = header.Replace("\\\"in\\\":1,\\\"out\\\":2", "\\\"in\\\":2,\\\"out\\\":1", StringComparison.Ordinal);
        Assert.That(edited, Is.Not.EqualTo(header));
        byte[] changed = [.. bytes[..8], .. System.Text.Encoding.UTF8.GetBytes(edited), .. bytes[(8 + headerLength)..]];

        Assert.That(() => ModelFile.Load(new MemoryStream(changed)),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains("tensor \"0.weight\" has shape [2, 1, 3, 3]").Or.Message.Contains("0.weight"));
    }

    [Test]
    public void ADropoutWithAnInvalidP_InAFile_IsRefused()
    {
        using var stream = new MemoryStream();
        ModelFile.Save(new Sequential(new Dropout(0.5, new RandomState(1))), stream);
        byte[] bytes = stream.ToArray();
        int headerLength = (int)BitConverter.ToUInt64(bytes, 0);
        string header = System.Text.Encoding.UTF8.GetString(bytes, 8, headerLength).Replace("0.5", "1.5", StringComparison.Ordinal);
        byte[] changed = [.. bytes[..8], .. System.Text.Encoding.UTF8.GetBytes(header), .. bytes[(8 + headerLength)..]];

        Assert.That(() => ModelFile.Load(new MemoryStream(changed)), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("outside [0, 1)"));
    }
}
