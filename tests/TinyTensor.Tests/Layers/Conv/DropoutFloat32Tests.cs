using TinyTensor.Layers;

namespace TinyTensor.Tests.Layers.Conv;

/// <summary>Dropout on float32 input: the same draws as float64 (the same elements dropped from the same seed), the
/// scale 1/(1 − p) rounded to float32, and the generator advanced identically.</summary>
[TestFixture]
public sealed class DropoutFloat32Tests
{
    [TestCase(0.25)]
    [TestCase(0.3)]
    public void AFloat32Mask_DropsTheSameElementsAsFloat64_WithTheScaleRoundedToFloat32(double p)
    {
        Tensor x64 = new RandomState(1).Randn(20, 30);
        var a = new Dropout(p, new RandomState(11));
        var b = new Dropout(p, new RandomState(11));

        double[] y64 = a.Forward(x64).ToArray();
        Tensor y32 = b.Forward(x64.To(DType.Float32));

        Assert.That(y32.DType, Is.EqualTo(DType.Float32));
        float[] expected = [.. x64.ToArray().Select((v, i) => y64[i] == 0 ? 0f : (float)v * (float)(1.0 / (1.0 - p)))];
        Assert.That(y32.ToArray<float>(), Is.EqualTo(expected));
        // The next masks agree too: both generators advanced by one draw per element.
        Assert.That(b.Forward(x64.To(DType.Float32)).ToArray().Select(v => v == 0), Is.EqualTo(a.Forward(x64).ToArray().Select(v => v == 0)));
    }

    [Test]
    public void Backward_MultipliesTheFloat32GradientByTheForwardsMask()
    {
        var dropout = new Dropout(0.5, new RandomState(5));
        Tensor y = dropout.Forward(new RandomState(1).Randn(DType.Float32, 6, 7));
        var ones = new Tensor(DType.Float32, 6, 7);
        ones.Fill(1.0);

        Tensor dx = dropout.Backward(ones);

        Assert.That(dx.DType, Is.EqualTo(DType.Float32));
        Assert.That(dx.ToArray().Select(v => v == 0), Is.EqualTo(y.ToArray().Select(v => v == 0)));
        Assert.That(dx.ToArray().Where(v => v != 0), Is.All.EqualTo(2.0));
    }
}
