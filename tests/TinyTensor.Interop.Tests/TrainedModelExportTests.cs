using TinyTensor.Data;
using TinyTensor.Init;
using TinyTensor.Interop.Onnx;
using TinyTensor.Interop.Tests.Support;
using TinyTensor.Layers;
using TinyTensor.Optim;
using TinyTensor.Training;

namespace TinyTensor.Interop.Tests;

/// <summary>A network trained on real data predicts the same classes in ONNX Runtime as in TinyTensor.</summary>
[TestFixture]
public sealed class TrainedModelExportTests
{
    [TestCase(OnnxElementType.Float32)]
    [TestCase(OnnxElementType.Float64)]
    public void ADigitsClassifier_PredictsTheSameClassForEverySample(OnnxElementType type)
    {
        Dataset digits = BuiltInDatasets.Digits();
        var rng = new RandomState(0);
        var model = new Sequential(
            new Linear(64, 32, rng, Initializer.KaimingUniform()), new ReLU(),
            new Linear(32, 10, rng, Initializer.XavierUniform()));
        new Trainer(model, new SoftmaxCrossEntropyLoss(), new Adam(model), new DataLoader(digits, 32, shuffle: true, new RandomState(1)))
            .Fit(epochs: 3);
        using var folder = new TempDirectory();
        string path = folder.File("digits.onnx");

        OnnxExporter.Export(model, [64], path, type);

        (double[] logits, int[] shape) = OnnxRun.Of(path, digits.Features, type);
        int[] onnxClasses = Enumerable.Range(0, shape[0])
            .Select(row => Array.IndexOf(logits, logits.Skip(row * 10).Take(10).Max(), row * 10) - row * 10).ToArray();
        Assert.That(onnxClasses, Is.EqualTo(model.Predict(digits.Features)));
        Expect.AllClose(logits, model.Forward(digits.Features).AsReadOnlySpan(),
            type == OnnxElementType.Float64 ? Expect.Float64Tolerance : Expect.Float32Tolerance);
    }
}
