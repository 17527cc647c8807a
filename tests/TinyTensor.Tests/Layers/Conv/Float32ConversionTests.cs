using TinyTensor.Layers;
using TinyTensor.Tests.Support;

namespace TinyTensor.Tests.Layers.Conv;

/// <summary>Layer.To on a CNN with BatchNorm: parameters and buffers (running_mean, running_var,
/// num_batches_tracked) are converted, rounded to nearest on the way to float32 and exact on the way back.</summary>
[TestFixture]
public sealed class Float32ConversionTests
{
    /// <summary>SmallCnn after three float64 training-mode passes, so the running statistics are not their defaults.</summary>
    private static Sequential Trained()
    {
        Sequential model = SmallCnn.Create(8);
        Tensor x = new RandomState(2).Randn(6, 1, 8, 8);
        for (int i = 0; i < 3; i++)
        {
            model.Forward(x);
        }

        return model;
    }

    [Test]
    public void ToFloat32_ConvertsEveryParameterAndBuffer_RoundingToNearest()
    {
        Sequential model = Trained();
        (string Name, double[] Values)[] before = [.. model.NamedState().Select(s => (s.Name, s.Value.ToArray()))];

        Assert.That(model.To(DType.Float32), Is.SameAs(model));

        (string Name, Tensor Value)[] after = [.. model.NamedState()];
        Assert.That(after.Select(s => s.Name), Is.EqualTo(before.Select(s => s.Name)));
        Assert.That(after.Select(s => s.Name), Does.Contain("1.running_mean").And.Contain("8.num_batches_tracked"));
        Assert.That(after.Select(s => s.Value.DType), Is.All.EqualTo(DType.Float32));
        Assert.That(model.DType, Is.EqualTo(DType.Float32));
        for (int i = 0; i < after.Length; i++)
        {
            float[] rounded = [.. before[i].Values.Select(v => (float)v)];
            Assert.That(after[i].Value.ToArray<float>(), Is.EqualTo(rounded), after[i].Name);
        }

        Assert.That(((BatchNorm2d)model.Modules[1]).NumBatchesTracked[0], Is.EqualTo(3.0));
    }

    [Test]
    public void BackToFloat64_WidensExactly_AndTheBatchNormPropertiesFollow()
    {
        Sequential model = Trained();
        model.To(DType.Float32);
        (string Name, double[] Values)[] float32 = [.. model.NamedState().Select(s => (s.Name, s.Value.ToArray()))];

        model.To(DType.Float64);

        Assert.That(model.DType, Is.EqualTo(DType.Float64));
        Assert.That(model.NamedState().Select(s => (s.Name, s.Value.ToArray())), Is.EqualTo(float32));
        var norm = (BatchNorm2d)model.Modules[1];
        Assert.That(norm.OwnBuffers.Select(b => b.Value), Is.EqualTo(new[] { norm.RunningMean, norm.RunningVar, norm.NumBatchesTracked }));
        Assert.That(norm.RunningMean.DType, Is.EqualTo(DType.Float64));
    }

    [Test]
    public void ToTheSameType_KeepsTheSameTensors()
    {
        Sequential model = Trained();
        Tensor[] before = [.. model.NamedState().Select(s => s.Value)];

        model.To(DType.Float64);

        Assert.That(model.NamedState().Select(s => s.Value), Is.EqualTo(before).Using<Tensor>((a, b) => ReferenceEquals(a, b)));
    }

    [Test]
    public void AConvertedBatchNorm_TrainsItsRunningStatisticsInFloat32()
    {
        var norm = new BatchNorm2d(3);
        norm.To(DType.Float32);
        Tensor x = new RandomState(4).Randn(DType.Float32, 5, 3, 4, 4);

        Tensor y = norm.Forward(x);

        Assert.That(y.DType, Is.EqualTo(DType.Float32));
        Assert.That(norm.RunningMean.DType, Is.EqualTo(DType.Float32));
        Assert.That(norm.RunningMean.ToArray(), Has.Some.Not.EqualTo(0.0));
        Assert.That(norm.NumBatchesTracked[0], Is.EqualTo(1.0));
    }
}
