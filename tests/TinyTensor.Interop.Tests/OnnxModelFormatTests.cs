using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;
using TinyTensor.Interop.Onnx;
using TinyTensor.Interop.Tests.Support;

namespace TinyTensor.Interop.Tests;

/// <summary>The file's header: opset, IR version, names and shapes of the input and output, parameter names.</summary>
[TestFixture]
public sealed class OnnxModelFormatTests
{
    private TempDirectory _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new TempDirectory();

    [TearDown]
    public void DeleteFolder() => _folder.Dispose();

    [TestCase(OnnxElementType.Float32, TensorElementType.Float)]
    [TestCase(OnnxElementType.Float64, TensorElementType.Double)]
    public void TheInputAndOutput_HaveASymbolicBatchDimension_AndTheChosenElementType(OnnxElementType type, TensorElementType expected)
    {
        string path = _folder.File("m.onnx");
        OnnxExporter.Export(Networks.Mlp(12, 5, "tanh", softmax: true), [12], path, type);

        using var session = new InferenceSession(path);

        NodeMetadata input = session.InputMetadata[OnnxExporter.InputName];
        NodeMetadata output = session.OutputMetadata[OnnxExporter.OutputName];
        Assert.That(input.Dimensions, Is.EqualTo(new[] { -1, 12 }));
        Assert.That(input.SymbolicDimensions[0], Is.EqualTo(OnnxExporter.BatchDimension));
        Assert.That(output.Dimensions, Is.EqualTo(new[] { -1, 5 }));
        Assert.That(input.ElementDataType, Is.EqualTo(expected));
        Assert.That(output.ElementDataType, Is.EqualTo(expected));
        Assert.That(session.ModelMetadata.ProducerName, Is.EqualTo("TinyTensor"));
    }

    [Test]
    public void TheModel_UsesOpset17AndIrVersion8_AndNamesParametersAsPyTorchsStateDict()
    {
        string path = _folder.File("m.onnx");
        OnnxExporter.Export(Networks.Mlp(12, 5, "relu", softmax: false), [12], path);

        ModelProto model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));

        Assert.That(model.IrVersion, Is.EqualTo(8));
        Assert.That(model.OpsetImport.Single().Version, Is.EqualTo(17));
        Assert.That(model.Graph.Initializer.Select(i => i.Name),
            Is.EqualTo(new[] { "0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias" }));
        Assert.That(model.Graph.Initializer[0].Dims, Is.EqualTo(new long[] { 12, 16 }), "W keeps TinyTensor's (in, out)");
        Assert.That(model.Graph.Node.Select(n => n.OpType),
            Is.EqualTo(new[] { "Gemm", "Relu", "Gemm", "Relu", "Gemm", "Identity" }));
    }

    [Test]
    public void ACnn_TakesImages_AndStoresConvWeightsAndRunningStatisticsUnderTheirStateDictNames()
    {
        string path = _folder.File("cnn.onnx");
        OnnxExporter.Export(Cnns.WithBatchNormAndDropout(), [1, 9, 9], path);

        ModelProto model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        using var session = new InferenceSession(path);

        Assert.That(session.InputMetadata[OnnxExporter.InputName].Dimensions, Is.EqualTo(new[] { -1, 1, 9, 9 }));
        Assert.That(model.Graph.Initializer.Select(i => i.Name), Is.EqualTo(new[]
        {
            "0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var", "6.weight", "6.bias",
        }));
        Assert.That(model.Graph.Initializer[0].Dims, Is.EqualTo(new long[] { 4, 1, 3, 3 }), "Conv's (out, in, kH, kW)");
        Assert.That(model.Graph.Node.Select(n => n.OpType), Is.EqualTo(new[]
        {
            "Conv", "BatchNormalization", "Relu", "MaxPool", "Flatten", "Gemm", "Identity",
        }), "Dropout adds no node");
    }
}
