using TinyTensor.Interop.Onnx;
using TinyTensor.Interop.Tests.Support;
using TinyTensor.Layers;

namespace TinyTensor.Interop.Tests;

/// <summary>A CNN whose input shape does not fit, or a float64 export of an operator ONNX Runtime runs in float32 only,
/// is rejected with a message naming the layer and the shapes, and nothing is written.</summary>
[TestFixture]
public sealed class OnnxCnnExportBadInputTests
{
    private TempDirectory _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new TempDirectory();

    [TearDown]
    public void DeleteFolder() => _folder.Dispose();

    private ArgumentException Rejects(Layer model, int[] inputShape, OnnxElementType type = OnnxElementType.Float32)
    {
        var ex = Assert.Throws<ArgumentException>(() => OnnxExporter.Export(model, inputShape, _folder.File("m.onnx"), type));
        Assert.That(_folder.Files(), Is.Empty, "nothing written");
        return ex!;
    }

    [Test]
    public void AFlatInputShape_IsRejected_SinceConv2dTakesImages()
    {
        ArgumentException ex = Rejects(Cnns.Plain(), [192]);

        Assert.That(ex.Message, Does.Contain("module 0 (Conv2d(3, 4, kernel_size=3, stride=1, padding=1)) takes (N, 3, H, W)")
            .And.Contain("(N, 192)"));
        Assert.That(ex.ParamName, Is.EqualTo("inputShape"));
    }

    [Test]
    public void TheWrongChannelCount_NamesTheConvAndBothShapes()
    {
        ArgumentException ex = Rejects(Cnns.Plain(), [1, 8, 8]);

        Assert.That(ex.Message, Does.Contain("takes (N, 3, H, W)").And.Contain("(N, 1, 8, 8)"));
    }

    [Test]
    public void AnImageSmallerThanThePaddedKernel_IsRejected()
    {
        var conv = new Conv2d(1, 2, 5, new RandomState(0), padding: 1);

        ArgumentException ex = Rejects(conv, [1, 2, 9]);

        Assert.That(ex.Message, Does.Contain("module 0 (Conv2d(1, 2, kernel_size=5").And.Contain("5×5 window")
            .And.Contain("(N, 1, 2, 9)").And.Contain("height is 2 + 2·1 padding, less than 5"));
    }

    [Test]
    public void APoolWindowThatNoLongerFitsDeeperIn_NamesThePool()
    {
        // (3, 1, 1) → conv with padding 1 keeps 1 × 1 → the 2 × 2 max pool does not fit.
        ArgumentException ex = Rejects(Cnns.Plain(), [3, 1, 1]);

        Assert.That(ex.Message, Does.Contain("module 2 (MaxPool2d(kernel_size=2, stride=2))").And.Contain("(N, 4, 1, 1)")
            .And.Contain("height is 1, less than 2"));
    }

    [Test]
    public void ImagesOfAnotherSize_ReachTheLinearLayerWithTheWrongFeatureCount()
    {
        // (3, 10, 10) → 4 × 5 × 5 = 100 features after flattening, but the Linear takes 64.
        ArgumentException ex = Rejects(Cnns.Plain(), [3, 10, 10]);

        Assert.That(ex.Message, Does.Contain("module 4 (Linear(64, 5)) takes (N, 64)").And.Contain("(N, 100)"));
    }

    [Test]
    public void APoolOnFlatFeatures_IsRejected()
    {
        ArgumentException ex = Rejects(new Sequential(new ReLU(), new AvgPool2d(2)), [16]);

        Assert.That(ex.Message, Does.Contain("module 1 (AvgPool2d(kernel_size=2, stride=2)) takes (N, C, H, W)").And.Contain("(N, 16)"));
    }

    [Test]
    public void BatchNorm2d_WithTheWrongChannelCount_IsRejected()
    {
        ArgumentException ex = Rejects(new Sequential(new BatchNorm2d(4)), [3, 5, 5]);

        Assert.That(ex.Message, Does.Contain("module 0 (BatchNorm2d(4").And.Contain("takes (N, 4, H, W)").And.Contain("(N, 3, 5, 5)"));
    }

    [TestCase(new[] { 7 }, "(N, 7)")]
    [TestCase(new[] { 6, 2, 2 }, "(N, 6, 2, 2)")]
    public void BatchNorm1d_WithTheWrongShape_IsRejected(int[] shape, string given)
    {
        ArgumentException ex = Rejects(new Sequential(new BatchNorm1d(6)), shape);

        Assert.That(ex.Message, Does.Contain("takes (N, 6) or (N, 6, L)").And.Contain(given));
    }

    [Test]
    public void AFloat64Conv_IsRejected_BecauseOnnxRuntimeHasNoFloat64ConvKernel()
    {
        ArgumentException ex = Rejects(Cnns.Plain(), [3, 8, 8], OnnxElementType.Float64);

        Assert.That(ex.ParamName, Is.EqualTo("elementType"));
        Assert.That(ex.Message, Does.Contain("module 0 (Conv2d(3, 4").And.Contain("no float64 Conv kernel").And.Contain("Float32"));
    }

    [Test]
    public void AFloat64AvgPool_IsRejected_BecauseOnnxRuntimeHasNoFloat64AveragePoolKernel()
    {
        ArgumentException ex = Rejects(new Sequential(new AvgPool2d(2)), [1, 4, 4], OnnxElementType.Float64);

        Assert.That(ex.ParamName, Is.EqualTo("elementType"));
        Assert.That(ex.Message, Does.Contain("module 0 (AvgPool2d(kernel_size=2, stride=2))").And.Contain("no float64 AveragePool kernel"));
    }
}
