using System.Buffers.Binary;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using TinyTensor.Interop.Onnx;
using TinyTensor.Interop.Tests.Support;
using TinyTensor.Layers;

namespace TinyTensor.Interop.Tests;

/// <summary>Why the exporter refuses float64 for Conv2d and AvgPool2d: ONNX Runtime cannot load a float64 Conv or
/// AveragePool. Should a newer ONNX Runtime gain those kernels, these tests fail and the restriction can go.</summary>
[TestFixture]
public sealed class OnnxRuntimeFloat64KernelTests
{
    private TempDirectory _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new TempDirectory();

    [TearDown]
    public void DeleteFolder() => _folder.Dispose();

    /// <summary>The float32 export of <paramref name="layer"/> with every type and initializer turned into float64.</summary>
    private string AsFloat64(Layer layer, int[] sampleShape)
    {
        string path = _folder.File("f32.onnx");
        OnnxExporter.Export(layer, sampleShape, path);
        ModelProto model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        const int doubleType = (int)TensorProto.Types.DataType.Double;
        foreach (ValueInfoProto value in model.Graph.Input.Concat(model.Graph.Output))
        {
            value.Type.TensorType.ElemType = doubleType;
        }

        foreach (TensorProto tensor in model.Graph.Initializer)
        {
            ReadOnlySpan<byte> singles = tensor.RawData.Span;
            byte[] doubles = new byte[singles.Length * 2];
            for (int i = 0; i < singles.Length / sizeof(float); i++)
            {
                BinaryPrimitives.WriteDoubleLittleEndian(doubles.AsSpan(i * sizeof(double)),
                    BinaryPrimitives.ReadSingleLittleEndian(singles[(i * sizeof(float))..]));
            }

            (tensor.DataType, tensor.RawData) = (doubleType, ByteString.CopyFrom(doubles));
        }

        string converted = _folder.File("f64.onnx");
        File.WriteAllBytes(converted, model.ToByteArray());
        return converted;
    }

    [Test]
    public void AFloat64Conv_DoesNotLoad()
    {
        string path = AsFloat64(new Conv2d(1, 2, 3, new RandomState(0)), [1, 5, 5]);

        Assert.That(() => new InferenceSession(path).Dispose(),
            Throws.InstanceOf<OnnxRuntimeException>().With.Message.Contains("Could not find an implementation for Conv"));
    }

    [Test]
    public void AFloat64AveragePool_DoesNotLoad()
    {
        string path = AsFloat64(new AvgPool2d(2), [1, 4, 4]);

        Assert.That(() => new InferenceSession(path).Dispose(),
            Throws.InstanceOf<OnnxRuntimeException>().With.Message.Contains("Could not find an implementation for AveragePool"));
    }

    [Test]
    public void AFloat64BatchNormAndMaxPool_ConvertedTheSameWay_Load()
    {
        // The control: the conversion itself (types and initializers) makes valid float64 models.
        string path = AsFloat64(new Sequential(new BatchNorm2d(1), new MaxPool2d(2)), [1, 4, 4]);

        Assert.That(() => new InferenceSession(path).Dispose(), Throws.Nothing);
    }
}
