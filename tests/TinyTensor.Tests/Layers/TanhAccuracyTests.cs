using TinyTensor.Layers;

namespace TinyTensor.Tests.Layers;

/// <summary>The Tanh layer's forward pass is accurate in relative terms everywhere, near zero included (where
/// TensorPrimitives' vector tanh alone loses digits: 1.0000000828e-10 for tanh(1e-10)).</summary>
[TestFixture]
public sealed class TanhAccuracyTests
{
    [Test]
    public void Float64Forward_IsWithinOneUlpOfMathTanh_FromTinyToLargeInputs()
    {
        // Magnitudes 1e-300 … 1e1 on a log grid, both signs, at a length that takes the vector and the scalar paths.
        double[] x = Enumerable.Range(0, 1203).Select(i => (i % 2 == 0 ? 1 : -1) * Math.Pow(10, -300 + (i * 301.0 / 1202))).ToArray();
        x[0] = 0;
        Tensor y = new Tanh().Forward(Tensor.FromArray(x, x.Length));

        for (int i = 0; i < x.Length; i++)
        {
            double expected = Math.Tanh(x[i]);
            double ulp = Math.Max(Math.BitIncrement(Math.Abs(expected)) - Math.Abs(expected), double.Epsilon);
            Assert.That(Math.Abs(y[i] - expected), Is.LessThanOrEqualTo(ulp), $"tanh({x[i]:R}) = {y[i]:R}, Math.Tanh gives {expected:R}");
        }
    }

    [Test]
    public void Float64Forward_OfZero_IsPositiveZero()
    {
        Tensor y = new Tanh().Forward(Tensor.FromArray(new[] { 0.0, 1e-300 }, 2));

        Assert.That(double.IsPositive(y[0]) && y[0] == 0, Is.True, $"tanh(0) = {y[0]:R}");
        Assert.That(y[1], Is.EqualTo(1e-300));
    }
}
