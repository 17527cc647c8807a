using TinyTensor.Interop.Onnx;
using TinyTensor.Interop.Tests.Support;
using TinyTensor.Layers;

namespace TinyTensor.Interop.Tests;

/// <summary>What cannot be exported is rejected with a message that names the layer or the shapes, and no file
/// is written (an existing one stays as it was).</summary>
[TestFixture]
public sealed class OnnxExportBadInputTests
{
    private TempDirectory _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new TempDirectory();

    [TearDown]
    public void DeleteFolder() => _folder.Dispose();

    /// <summary>A layer ONNX export knows nothing about (user-defined).</summary>
    private sealed class Doubler : Layer
    {
        public override Tensor Forward(Tensor input) => input;

        public override Tensor Backward(Tensor outputGradient) => outputGradient;

        public override string ToString() => "Doubler()";
    }

    private static Sequential Mlp() => Networks.Mlp(12, 5, "relu", softmax: false);

    [Test]
    public void AnUnexportableLayer_IsNamedWithItsPositionAndType()
    {
        var model = new Sequential(new Linear(4, 3, new RandomState(0)), new Doubler());
        string path = _folder.File("m.onnx");

        var ex = Assert.Throws<ArgumentException>(() => OnnxExporter.Export(model, [4], path));

        Assert.That(ex!.Message, Does.Contain("module 1 (Doubler(), type Doubler)").And.Contain("Linear, ReLU"));
        Assert.That(ex.ParamName, Is.EqualTo("model"));
        Assert.That(_folder.Files(), Is.Empty, "nothing written");
    }

    [Test]
    public void AnUnexportableLayerInsideANestedSequential_IsNamedByItsStateDictPath()
    {
        var model = new Sequential(new ReLU(), new Sequential(new Tanh(), new Doubler()));

        var ex = Assert.Throws<ArgumentException>(() => OnnxExporter.Export(model, [4], _folder.File("m.onnx")));

        Assert.That(ex!.Message, Does.Contain("module 1.1 (Doubler()"));
    }

    [Test]
    public void AnInputShapeWithTheWrongFeatureCount_NamesTheLayerAndBothShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => OnnxExporter.Export(Mlp(), [13], _folder.File("m.onnx")));

        Assert.That(ex!.Message, Does.Contain("module 0 (Linear(12, 16)) takes (N, 12)").And.Contain("(N, 13)"));
        Assert.That(ex.ParamName, Is.EqualTo("inputShape"));
        Assert.That(_folder.Files(), Is.Empty);
    }

    [Test]
    public void AnImageShapedInput_IsRejected_SinceLinearTakesRows()
    {
        var ex = Assert.Throws<ArgumentException>(() => OnnxExporter.Export(Mlp(), [3, 4], _folder.File("m.onnx")));

        Assert.That(ex!.Message, Does.Contain("takes (N, 12)").And.Contain("(N, 3, 4)"));
    }

    [Test]
    public void ASoftmaxOverMoreThanOneAxis_IsRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            OnnxExporter.Export(new Sequential(new ReLU(), new Softmax()), [2, 5], _folder.File("m.onnx")));

        Assert.That(ex!.Message, Does.Contain("module 1 (Softmax()) takes (N, C)").And.Contain("(N, 2, 5)"));
    }

    [Test]
    public void AMismatchDeeperInTheNetwork_NamesTheLayerThatDoesNotFit()
    {
        var rng = new RandomState(0);
        var model = new Sequential(new Linear(4, 6, rng), new ReLU(), new Linear(5, 2, rng));

        var ex = Assert.Throws<ArgumentException>(() => OnnxExporter.Export(model, [4], _folder.File("m.onnx")));

        Assert.That(ex!.Message, Does.Contain("module 2 (Linear(5, 2)) takes (N, 5)").And.Contain("(N, 6)"));
    }

    [TestCase(new int[0], TestName = "EmptyInputShape_IsRejected")]
    [TestCase(new[] { 0 }, TestName = "AZeroDimension_IsRejected")]
    [TestCase(new[] { -1 }, TestName = "ANegativeDimension_IsRejected")]
    public void AnInputShapeWithoutElements_IsRejected(int[] shape)
    {
        var ex = Assert.Throws<ArgumentException>(() => OnnxExporter.Export(Mlp(), shape, _folder.File("m.onnx")));

        Assert.That(ex!.ParamName, Is.EqualTo("inputShape"));
        Assert.That(ex.Message, Does.Contain("without the batch dimension"));
    }

    [Test]
    public void NullArguments_AreNamed()
    {
        Assert.That(() => OnnxExporter.Export(null!, [12], _folder.File("m.onnx")),
            Throws.ArgumentNullException.With.Property("ParamName").EqualTo("model"));
        Assert.That(() => OnnxExporter.Export(Mlp(), null!, _folder.File("m.onnx")),
            Throws.ArgumentNullException.With.Property("ParamName").EqualTo("inputShape"));
        Assert.That(() => OnnxExporter.Export(Mlp(), [12], ""),
            Throws.ArgumentException.With.Property("ParamName").EqualTo("path"));
    }

    [Test]
    public void AnUndefinedElementType_IsRejected()
    {
        Assert.That(() => OnnxExporter.Export(Mlp(), [12], _folder.File("m.onnx"), (OnnxElementType)7),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("elementType"));
    }

    [Test]
    public void AFailedExport_LeavesAnExistingFileUntouched()
    {
        string path = _folder.File("m.onnx");
        File.WriteAllText(path, "the previous model");

        Assert.Throws<ArgumentException>(() => OnnxExporter.Export(new Sequential(new Doubler()), [3], path));

        Assert.That(File.ReadAllText(path), Is.EqualTo("the previous model"));
        Assert.That(_folder.Files(), Is.EqualTo(new[] { "m.onnx" }), "no temporary file left");
    }

    [Test]
    public void AMissingFolder_IsAnIOExceptionNamingThePath()
    {
        string path = Path.Combine(_folder.Path, "no-such-folder", "m.onnx");

        var ex = Assert.Throws<IOException>(() => OnnxExporter.Export(Mlp(), [12], path));

        Assert.That(ex!.Message, Does.Contain(path));
    }
}
