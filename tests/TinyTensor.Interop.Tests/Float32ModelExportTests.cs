using Onnx;
using TinyTensor.Interop.Onnx;
using TinyTensor.Interop.Tests.Support;
using TinyTensor.Layers;

namespace TinyTensor.Interop.Tests;

/// <summary>
/// A float32 model (issue 10) exports as float32 by default with its parameters bit for bit (no rounding, no
/// conversion), or as float64 widened exactly; ONNX Runtime then agrees with TinyTensor.
/// </summary>
/// <remarks>TinyTensor's side of the comparison is the float64 forward pass of the same float32 values (the model
/// converted back to float64, exactly): it does not depend on TinyTensor's float32 kernels, and is the reference a
/// float32 engine is measured against, within <see cref="Expect.Float32Tolerance"/>.</remarks>
[TestFixture]
public sealed class Float32ModelExportTests
{
    private TempDirectory _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new TempDirectory();

    [TearDown]
    public void DeleteFolder() => _folder.Dispose();

    private static IEnumerable<TestCaseData> Models() =>
    [
        new TestCaseData((Func<Sequential>)(() => Networks.Mlp(12, 5, "leaky-relu", softmax: true)), new[] { 12 }).SetArgDisplayNames("mlp"),
        new TestCaseData((Func<Sequential>)(() => Cnns.Plain()), new[] { 3, 8, 8 }).SetArgDisplayNames("cnn"),
        new TestCaseData((Func<Sequential>)(() => Cnns.WithAvgPool()), new[] { 2, 10, 7 }).SetArgDisplayNames("cnn-avgpool"),
    ];

    private static Tensor Batch(int[] sampleShape) => Cnns.Batch(6, sampleShape, seed: 3);

    [TestCaseSource(nameof(Models))]
    public void AFloat32Model_ExportsAsFloat32ByDefault_WithItsParametersBitForBit(Func<Sequential> build, int[] sampleShape)
    {
        var model = (Sequential)build().To(DType.Float32);
        string path = _folder.File("m.onnx");

        OnnxExporter.Export(model, sampleShape, path);

        ModelProto onnx = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        Assert.That(onnx.Graph.Input[0].Type.TensorType.ElemType, Is.EqualTo((int)TensorProto.Types.DataType.Float));
        Dictionary<string, TensorProto> initializers = onnx.Graph.Initializer.ToDictionary(t => t.Name);
        foreach ((string name, Parameter parameter) in model.NamedParameters())
        {
            TensorProto stored = initializers[name];
            Assert.That(stored.DataType, Is.EqualTo((int)TensorProto.Types.DataType.Float), name);
            Assert.That(stored.RawData.ToByteArray(), Is.EqualTo(LittleEndianBytes(parameter.Value.AsReadOnlySpan<float>())), name);
        }
    }

    [TestCaseSource(nameof(Models))]
    public void AFloat32Model_RunByOnnxRuntime_GivesTinyTensorsOutputs(Func<Sequential> build, int[] sampleShape)
    {
        var model = (Sequential)build().To(DType.Float32);
        Tensor batch = Batch(sampleShape);
        string path = _folder.File("m.onnx");

        OnnxExporter.Export(model, sampleShape, path);
        (double[] onnx, _) = OnnxRun.Of(path, batch, OnnxElementType.Float32);

        Sequential reference = (Sequential)build().To(DType.Float32).To(DType.Float64);
        Expect.AllClose(onnx, reference.Forward(batch.To(DType.Float32).To(DType.Float64)).AsReadOnlySpan(), Expect.Float32Tolerance);
    }

    [Test]
    public void AFloat32Mlp_ExportedAsFloat64_IsWidenedExactly_AndOnnxRuntimeAgreesToFloat64RoundOff()
    {
        var model = (Sequential)Networks.Mlp(12, 5, "tanh", softmax: false).To(DType.Float32);
        Tensor batch = Networks.Batch(7, 12);
        string path = _folder.File("m.onnx");

        OnnxExporter.Export(model, [12], path, OnnxElementType.Float64);

        ModelProto onnx = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        TensorProto weight = onnx.Graph.Initializer.Single(t => t.Name == "0.weight");
        Assert.That(weight.DataType, Is.EqualTo((int)TensorProto.Types.DataType.Double));
        double[] widened = [.. model.Parameters[0].AsReadOnlySpan<float>().ToArray().Select(v => (double)v)];
        Assert.That(weight.RawData.ToByteArray(), Is.EqualTo(LittleEndianBytes<double>(widened)));

        (double[] values, _) = OnnxRun.Of(path, batch, OnnxElementType.Float64);
        var reference = (Sequential)Networks.Mlp(12, 5, "tanh", softmax: false).To(DType.Float32).To(DType.Float64);
        Expect.AllClose(values, reference.Forward(batch).AsReadOnlySpan(), Expect.Float64Tolerance);
    }

    private static byte[] LittleEndianBytes<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        Assert.That(BitConverter.IsLittleEndian, Is.True, "the test compares raw little-endian bytes");
        return System.Runtime.InteropServices.MemoryMarshal.AsBytes(values).ToArray();
    }
}
