using TinyTensor.Layers;

namespace TinyTensor.Tests.Layers.Conv;

/// <summary>Mixed element types at the convolutional layers: an input of another type than the layer's parameters, or
/// an output gradient of another type than the output, throws an ArgumentException naming the layer and both types.</summary>
[TestFixture]
public sealed class Float32BadInputTests
{
    private static Layer Float32(Layer layer) => layer.To(DType.Float32);

    public static IEnumerable<TestCaseData> ParametrisedLayers()
    {
        yield return new TestCaseData(DType.Float32, DType.Float64, "Conv2d.Forward").SetArgDisplayNames("float32 Conv2d, float64 input");
        yield return new TestCaseData(DType.Float64, DType.Float32, "Conv2d.Forward").SetArgDisplayNames("float64 Conv2d, float32 input");
        yield return new TestCaseData(DType.Float32, DType.Float64, "BatchNorm2d.Forward").SetArgDisplayNames("float32 BatchNorm2d, float64 input");
        yield return new TestCaseData(DType.Float64, DType.Float32, "BatchNorm2d.Forward").SetArgDisplayNames("float64 BatchNorm2d, float32 input");
    }

    [TestCaseSource(nameof(ParametrisedLayers))]
    public void AnInputOfAnotherType_Throws_NamingTheLayerAndBothTypes(DType layerType, DType inputType, string layerName)
    {
        Layer layer = layerName.StartsWith("Conv2d", StringComparison.Ordinal) ? new Conv2d(2, 3, 3, new RandomState(1)) : new BatchNorm2d(2);
        layer.To(layerType);
        Tensor x = new RandomState(2).Randn(inputType, 2, 2, 5, 5);

        var error = Assert.Throws<ArgumentException>(() => layer.Forward(x));

        Assert.That(error!.Message, Does.StartWith(layerName).And.Contain($"input is {inputType.Name()}").And.Contain(layerType.Name()));
        Assert.That(error.ParamName, Is.EqualTo("input"));
    }

    [Test]
    public void AFloat64BatchNorm1d_RefusesAFloat32Input()
    {
        var norm = new BatchNorm1d(4);
        var error = Assert.Throws<ArgumentException>(() => norm.Forward(new RandomState(1).Randn(DType.Float32, 3, 4)));
        Assert.That(error!.Message, Does.StartWith("BatchNorm1d.Forward").And.Contain("float32").And.Contain("float64"));
    }

    public static IEnumerable<TestCaseData> AllLayers()
    {
        yield return new TestCaseData(new Func<Layer>(() => Float32(new Conv2d(2, 3, 3, new RandomState(1), padding: 1))), "Conv2d.Backward");
        yield return new TestCaseData(new Func<Layer>(() => Float32(new BatchNorm2d(2))), "BatchNorm2d.Backward");
        yield return new TestCaseData(new Func<Layer>(() => new MaxPool2d(2)), "MaxPool2d.Backward");
        yield return new TestCaseData(new Func<Layer>(() => new AvgPool2d(2)), "AvgPool2d.Backward");
        yield return new TestCaseData(new Func<Layer>(() => new Flatten()), "Flatten.Backward");
        yield return new TestCaseData(new Func<Layer>(() => new Dropout(0.5, new RandomState(3))), "Dropout.Backward");
    }

    [TestCaseSource(nameof(AllLayers))]
    public void AFloat64GradientAfterAFloat32Forward_Throws_NamingTheLayerAndBothTypes(Func<Layer> create, string name)
    {
        Layer layer = create();
        Tensor y = layer.Forward(new RandomState(2).Randn(DType.Float32, 2, 2, 4, 4));
        Tensor dy = new Tensor(y.Shape);

        var backward = Assert.Throws<ArgumentException>(() => layer.Backward(dy));
        var parameters = Assert.Throws<ArgumentException>(() => layer.BackwardParameters(dy));

        foreach (ArgumentException error in new[] { backward!, parameters! })
        {
            Assert.That(error.Message, Does.StartWith(name).And.Contain("outputGradient is float64").And.Contain("float32"));
            Assert.That(error.ParamName, Is.EqualTo("outputGradient"));
        }
    }

    [Test]
    public void LayersWithoutParameters_FollowTheirInputsType()
    {
        Tensor x32 = new RandomState(2).Randn(DType.Float32, 2, 2, 4, 4);
        Tensor x64 = new RandomState(2).Randn(2, 2, 4, 4);
        Layer[] layers = [new MaxPool2d(2), new AvgPool2d(2), new Flatten(), new Dropout(0.5, new RandomState(3))];

        foreach (Layer layer in layers)
        {
            Assert.That(layer.Forward(x32).DType, Is.EqualTo(DType.Float32), layer.ToString());
            Assert.That(layer.Forward(x64).DType, Is.EqualTo(DType.Float64), layer.ToString());
            Assert.That(layer.DType, Is.Null, layer.ToString());
        }
    }
}
