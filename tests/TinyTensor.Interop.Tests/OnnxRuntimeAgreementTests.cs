using TinyTensor.Interop.Onnx;
using TinyTensor.Interop.Tests.Support;
using TinyTensor.Layers;

namespace TinyTensor.Interop.Tests;

/// <summary>Every exported model, run by ONNX Runtime, gives TinyTensor's outputs.</summary>
[TestFixture]
public sealed class OnnxRuntimeAgreementTests
{
    private TempDirectory _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new TempDirectory();

    [TearDown]
    public void DeleteFolder() => _folder.Dispose();

    private static IEnumerable<TestCaseData> Mlps() =>
        from activation in Networks.ActivationNames
        from softmax in new[] { false, true }
        from type in new[] { OnnxElementType.Float32, OnnxElementType.Float64 }
        select new TestCaseData(activation, softmax, type).SetArgDisplayNames(activation, softmax ? "softmax" : "logits", type.ToString());

    [TestCaseSource(nameof(Mlps))]
    public void Mlp_RunByOnnxRuntime_GivesTinyTensorsOutputs(string activation, bool softmax, OnnxElementType type)
    {
        Sequential model = Networks.Mlp(12, 5, activation, softmax);
        Tensor batch = Networks.Batch(9, 12);
        string path = _folder.File("mlp.onnx");

        OnnxExporter.Export(model, [12], path, type);
        (double[] onnx, int[] shape) = OnnxRun.Of(path, batch, type);

        Tensor expected = model.Forward(batch);
        Assert.That(shape, Is.EqualTo(new[] { 9, 5 }));
        Expect.AllClose(onnx, expected.AsReadOnlySpan(),
            type == OnnxElementType.Float64 ? Expect.Float64Tolerance : Expect.Float32Tolerance);
    }

    [TestCase(OnnxElementType.Float32)]
    [TestCase(OnnxElementType.Float64)]
    public void NestedSequential_ExportsItsModulesInOrder(OnnxElementType type)
    {
        var rng = new RandomState(4);
        var model = new Sequential(
            new Sequential(new Linear(6, 10, rng, Init.Initializer.KaimingUniform()), new ReLU()),
            new Sequential(new Linear(10, 3, rng, Init.Initializer.XavierUniform()), new Softmax()));
        Tensor batch = Networks.Batch(4, 6);
        string path = _folder.File("nested.onnx");

        OnnxExporter.Export(model, [6], path, type);

        (double[] onnx, _) = OnnxRun.Of(path, batch, type);
        Expect.AllClose(onnx, model.Forward(batch).AsReadOnlySpan(),
            type == OnnxElementType.Float64 ? Expect.Float64Tolerance : Expect.Float32Tolerance);
    }

    [Test]
    public void ALoneLinearLayer_IsAModelToo()
    {
        var linear = new Linear(3, 2, new RandomState(5), Init.Initializer.XavierUniform());
        Tensor batch = Networks.Batch(5, 3);
        string path = _folder.File("linear.onnx");

        OnnxExporter.Export(linear, [3], path, OnnxElementType.Float64);

        (double[] onnx, _) = OnnxRun.Of(path, batch, OnnxElementType.Float64);
        Expect.AllClose(onnx, linear.Forward(batch).AsReadOnlySpan(), Expect.Float64Tolerance);
    }

    [Test]
    public void LeakyReLU_KeepsItsSlopeOnBothSidesOfZero_InFloat32AndFloat64()
    {
        var model = new Sequential(new LeakyReLU(0.37));
        Tensor batch = Tensor.FromArray([-3.0, -1e-3, 0.0, 1e-3, 2.5, -0.5], 2, 3);
        foreach (OnnxElementType type in new[] { OnnxElementType.Float32, OnnxElementType.Float64 })
        {
            string path = _folder.File($"leaky-{type}.onnx");
            OnnxExporter.Export(model, [3], path, type);

            (double[] onnx, _) = OnnxRun.Of(path, batch, type);
            Expect.AllClose(onnx, model.Forward(batch).AsReadOnlySpan(),
                type == OnnxElementType.Float64 ? 0.0 : Expect.Float32Tolerance);
        }
    }

    [Test]
    public void Float64Export_StoresTheParametersBitForBit_AndTheMatchingProductsAgreeExactly()
    {
        // One Linear with a single input feature: each output is x·w + b, one multiply and one add in either engine,
        // so float64 ONNX Runtime must give TinyTensor's bits exactly (no summation order to differ in).
        var linear = new Linear(1, 4, new RandomState(6), Init.Initializer.XavierUniform());
        Tensor batch = Networks.Batch(8, 1);
        string path = _folder.File("exact.onnx");

        OnnxExporter.Export(new Sequential(linear), [1], path, OnnxElementType.Float64);

        (double[] onnx, _) = OnnxRun.Of(path, batch, OnnxElementType.Float64);
        Assert.That(onnx, Is.EqualTo(linear.Forward(batch).ToArray()));
    }
}
