using TinyTensor.Interop.Onnx;
using TinyTensor.Interop.Tests.Support;
using TinyTensor.Layers;

namespace TinyTensor.Interop.Tests;

/// <summary>Exported CNNs and batch-normalised MLPs, run by ONNX Runtime, give TinyTensor's eval-mode outputs
/// (running statistics after a few training-mode steps, Dropout the identity).</summary>
[TestFixture]
public sealed class OnnxCnnAgreementTests
{
    private TempDirectory _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new TempDirectory();

    [TearDown]
    public void DeleteFolder() => _folder.Dispose();

    private static double Tolerance(OnnxElementType type) =>
        type == OnnxElementType.Float64 ? Expect.Float64Tolerance : Expect.Float32Tolerance;

    /// <summary>Exports <paramref name="model"/> for <paramref name="sampleShape"/>, runs a batch of 6 in ONNX Runtime
    /// and compares with the model's own Forward (in the mode it is in).</summary>
    private void AssertAgrees(Layer model, int[] sampleShape, OnnxElementType type, int[] expectedOutputShape)
    {
        Tensor batch = Cnns.Batch(6, sampleShape, seed: 3);
        string path = _folder.File("model.onnx");

        OnnxExporter.Export(model, sampleShape, path, type);
        (double[] onnx, int[] shape) = OnnxRun.Of(path, batch, type);

        Tensor expected = model.Forward(batch);
        Assert.That(shape, Is.EqualTo(new[] { 6 }.Concat(expectedOutputShape).ToArray()));
        Assert.That(expected.Shape, Is.EqualTo(shape), "TinyTensor's output shape");
        Expect.AllClose(onnx, expected.AsReadOnlySpan(), Tolerance(type));
    }

    [Test]
    public void ConvReluMaxPoolFlattenLinear_RunByOnnxRuntime_GivesTinyTensorsOutputs()
    {
        Sequential model = Cnns.Plain();
        model.Eval();

        AssertAgrees(model, [3, 8, 8], OnnxElementType.Float32, [5]);
    }

    [Test]
    public void ACnnWithBatchNorm2dAndDropout_GivesTinyTensorsEvalOutputs_WithTheRunningStatistics()
    {
        Sequential model = Cnns.WithBatchNormAndDropout();
        Cnns.WarmUp(model, [1, 9, 9]);
        var norm = (BatchNorm2d)model.Modules[1];
        Assert.That(norm.RunningVar.ToArray(), Has.None.EqualTo(1.0), "the statistics moved away from their initial values");

        AssertAgrees(model, [1, 9, 9], OnnxElementType.Float32, [3]);
    }

    [Test]
    public void ACnnWithAvgPool_OnNonSquareImages_GivesTinyTensorsOutputs()
    {
        Sequential model = Cnns.WithAvgPool();
        model.Eval();

        AssertAgrees(model, [2, 10, 7], OnnxElementType.Float32, [4]);
    }

    [TestCase(3, 1, 0)]
    [TestCase(3, 2, 1)]
    [TestCase(5, 3, 2)]
    [TestCase(1, 1, 0)]
    [TestCase(2, 2, 0)]
    [TestCase(4, 1, 3)]
    public void Conv2d_WithEveryStrideAndPadding_GivesTinyTensorsOutputs(int kernel, int stride, int padding)
    {
        var conv = new Conv2d(2, 3, kernel, new RandomState(7), stride, padding);
        int outHeight = ((9 + (2 * padding) - kernel) / stride) + 1, outWidth = ((6 + (2 * padding) - kernel) / stride) + 1;

        AssertAgrees(conv, [2, 9, 6], OnnxElementType.Float32, [3, outHeight, outWidth]);
    }

    private static IEnumerable<TestCaseData> Pools() =>
        from max in new[] { true, false }
        from window in new (int Kernel, int? Stride)[] { (2, null), (3, 2), (3, 1), (2, 3), (5, null) }
        select new TestCaseData(max, window.Kernel, window.Stride)
            .SetArgDisplayNames(max ? "max" : "avg", $"k{window.Kernel}", $"s{window.Stride?.ToString() ?? "=k"}");

    [TestCaseSource(nameof(Pools))]
    public void Pooling_WithEveryWindowAndStride_GivesTinyTensorsOutputs_InFloorMode(bool max, int kernel, int? stride)
    {
        Pool2d pool = max ? new MaxPool2d(kernel, stride) : new AvgPool2d(kernel, stride);
        int s = stride ?? kernel;
        int outHeight = ((9 - kernel) / s) + 1, outWidth = ((7 - kernel) / s) + 1;

        AssertAgrees(pool, [2, 9, 7], OnnxElementType.Float32, [2, outHeight, outWidth]);
    }

    [TestCase(OnnxElementType.Float32)]
    [TestCase(OnnxElementType.Float64)]
    public void ABatchNorm1dMlp_GivesTinyTensorsEvalOutputs(OnnxElementType type)
    {
        Sequential model = Cnns.BatchNormMlp();
        Cnns.WarmUp(model, [12]);

        AssertAgrees(model, [12], type, [5]);
    }

    [TestCase(OnnxElementType.Float32)]
    [TestCase(OnnxElementType.Float64)]
    public void BatchNorm1d_OnSequences_NormalisesEachFeatureOverItsLength(OnnxElementType type)
    {
        var norm = new BatchNorm1d(3, eps: 1e-3);
        Cnns.WarmUp(norm, [3, 5]);

        AssertAgrees(norm, [3, 5], type, [3, 5]);
    }

    [TestCase(OnnxElementType.Float32)]
    [TestCase(OnnxElementType.Float64)]
    public void BatchNorm2dMaxPoolFlattenLinear_AgreesInBothElementTypes(OnnxElementType type)
    {
        // Every one of these has a float64 kernel in ONNX Runtime (Conv and AveragePool do not).
        var rng = new RandomState(8);
        var model = new Sequential(new BatchNorm2d(2), new MaxPool2d(2), new Dropout(0.5, rng), new Flatten(),
            new Linear(2 * 3 * 2, 4, rng, Init.Initializer.XavierUniform()), new Softmax());
        Cnns.WarmUp(model, [2, 6, 5]);

        AssertAgrees(model, [2, 6, 5], type, [4]);
    }

    [Test]
    public void AModelInTrainingMode_IsExportedWithEvalSemantics_AndKeepsItsModeAndStatistics()
    {
        Sequential model = Cnns.WithBatchNormAndDropout();
        Cnns.WarmUp(model, [1, 9, 9]);
        Tensor batch = Cnns.Batch(6, [1, 9, 9], seed: 3);
        Tensor evalOutput = model.Forward(batch).Clone();
        var norm = (BatchNorm2d)model.Modules[1];
        double[] runningMean = norm.RunningMean.ToArray();
        model.Train();
        string path = _folder.File("train-mode.onnx");

        OnnxExporter.Export(model, [1, 9, 9], path);

        Assert.That(model.Training, Is.True, "export does not change the mode");
        Assert.That(norm.RunningMean.ToArray(), Is.EqualTo(runningMean), "export does not touch the statistics");
        (double[] onnx, _) = OnnxRun.Of(path, batch, OnnxElementType.Float32);
        Expect.AllClose(onnx, evalOutput.AsReadOnlySpan(), Expect.Float32Tolerance);
    }
}
