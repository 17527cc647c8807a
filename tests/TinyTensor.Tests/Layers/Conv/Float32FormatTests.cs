using System.Text.Json;
using TinyTensor.Layers;
using TinyTensor.Serialization;

namespace TinyTensor.Tests.Layers.Conv;

/// <summary>Building Conv2d and BatchNorm from saved float32 tensors (what a model file's loader hands their formats):
/// the layer takes the tensors' type, and tensors that mix types are refused naming both.</summary>
[TestFixture]
public sealed class Float32FormatTests
{
    private static LayerConfig Config(string type, string json) => new(JsonDocument.Parse(json).RootElement, "module 0", type);

    private static Dictionary<string, Tensor> BatchNormTensors(DType runningType)
    {
        var rng = new RandomState(3);
        return new()
        {
            ["weight"] = rng.Randn(DType.Float32, 2),
            ["bias"] = rng.Randn(DType.Float32, 2),
            ["running_mean"] = rng.Randn(runningType, 2),
            ["running_var"] = rng.Rand(runningType, 2),
            ["num_batches_tracked"] = Tensor.FromArray([5f], 1).To(runningType),
        };
    }

    [Test]
    public void ABatchNormFromFloat32Tensors_IsFloat32_WithTheirValues()
    {
        Dictionary<string, Tensor> tensors = BatchNormTensors(DType.Float32);

        var norm = (BatchNorm2d)BatchNorm2d.Format.Create(Config("BatchNorm2d", """{"num_features":2,"eps":1e-5,"momentum":0.1}"""), tensors);

        Assert.That(norm.DType, Is.EqualTo(DType.Float32));
        Assert.That(norm.RunningVar.ToArray<float>(), Is.EqualTo(tensors["running_var"].ToArray<float>()));
        Assert.That(norm.NumBatchesTracked[0], Is.EqualTo(5.0));
        Assert.That(norm.Forward(new RandomState(1).Randn(DType.Float32, 3, 2, 2, 2)).DType, Is.EqualTo(DType.Float32));
    }

    [Test]
    public void ABatchNormFromMixedTensors_Throws_NamingBothTypes()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            BatchNorm2d.Format.Create(Config("BatchNorm2d", """{"num_features":2,"eps":1e-5,"momentum":0.1}"""), BatchNormTensors(DType.Float64)));

        Assert.That(error!.Message, Does.Contain("float32").And.Contain("float64"));
    }

    [Test]
    public void AConv2dWhoseWeightAndBiasMixTypes_Throws_NamingBoth()
    {
        var rng = new RandomState(2);

        var error = Assert.Throws<ArgumentException>(() => Conv2d.FromParameters(rng.Randn(DType.Float32, 3, 2, 3, 3), rng.Randn(3)));

        Assert.That(error!.Message, Does.StartWith("Conv2d: weight is float32 and bias is float64"));
    }
}
