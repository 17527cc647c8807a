using TinyTensor.Layers;

namespace TinyTensor.Tests.Layers.Conv;

/// <summary>Which element of a window MaxPool2d picks, in both element types: PyTorch's CPU rule
/// <c>if (val &gt; maxval || isnan(val))</c> scanned in row-major order from the window's first element, so the first
/// of tied maxima wins, any NaN makes the output NaN, and the gradient goes to the last NaN of the window.</summary>
[TestFixture]
public sealed class MaxPoolSelectionTests
{
    private const double Nan = double.NaN;

    /// <summary>One 2×2 window (a, b / c, d): the output and the flat index the gradient is routed to.</summary>
    [TestCase(1.0, 2.0, 3.0, 4.0, 4.0, 3)]
    [TestCase(4.0, 3.0, 2.0, 1.0, 4.0, 0)]
    [TestCase(2.0, 2.0, 2.0, 2.0, 2.0, 0)]
    [TestCase(1.0, 5.0, 5.0, 0.0, 5.0, 1)]
    [TestCase(double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity, 0)]
    [TestCase(-0.0, 0.0, 0.0, -0.0, -0.0, 0)]
    public void AWindowWithoutNaN_GivesItsFirstMaximum(double a, double b, double c, double d, double expected, int index)
    {
        foreach (DType dtype in new[] { DType.Float64, DType.Float32 })
        {
            (Tensor y, Tensor dx) = PoolOneWindow(a, b, c, d, dtype);

            Assert.That(BitConverter.DoubleToInt64Bits(y[0, 0, 0, 0]), Is.EqualTo(BitConverter.DoubleToInt64Bits(expected)), $"{dtype}");
            Assert.That(GradientIndex(dx), Is.EqualTo(index), $"{dtype}");
        }
    }

    [TestCase(1.0, Nan, 3.0, 4.0, 1)]
    [TestCase(Nan, 5.0, 2.0, 1.0, 0)]
    [TestCase(1.0, Nan, 3.0, Nan, 3)]
    [TestCase(Nan, Nan, Nan, Nan, 3)]
    public void AWindowWithNaN_GivesNaN_AndRoutesTheGradientToItsLastNaN(double a, double b, double c, double d, int index)
    {
        foreach (DType dtype in new[] { DType.Float64, DType.Float32 })
        {
            (Tensor y, Tensor dx) = PoolOneWindow(a, b, c, d, dtype);

            Assert.That(y[0, 0, 0, 0], Is.NaN, $"{dtype}");
            Assert.That(GradientIndex(dx), Is.EqualTo(index), $"{dtype}");
        }
    }

    [Test]
    public void ManyRandomWindows_PickWhatTheSequentialRulePicks([Values] DType dtype)
    {
        var rng = new RandomState(3);
        Tensor x = rng.Randn(dtype, 2, 3, 9, 7);
        x[0, 1, 2, 3] = Nan;
        x[1, 2, 4, 4] = x[1, 2, 4, 5]; // a tie inside one window
        var pool = new MaxPool2d(3, stride: 2);
        Tensor y = pool.Forward(x);

        for (int n = 0; n < 2; n++)
        {
            for (int c = 0; c < 3; c++)
            {
                for (int oh = 0; oh < y.Dim(2); oh++)
                {
                    for (int ow = 0; ow < y.Dim(3); ow++)
                    {
                        double max = double.NegativeInfinity;
                        for (int i = 0; i < 3; i++)
                        {
                            for (int j = 0; j < 3; j++)
                            {
                                double v = x[n, c, (2 * oh) + i, (2 * ow) + j];
                                if (v > max || double.IsNaN(v))
                                {
                                    max = v;
                                }
                            }
                        }

                        Assert.That(y[n, c, oh, ow], Is.EqualTo(max), $"window ({n}, {c}, {oh}, {ow})");
                    }
                }
            }
        }
    }

    private static (Tensor Y, Tensor Dx) PoolOneWindow(double a, double b, double c, double d, DType dtype)
    {
        Tensor x = Tensor.FromArray([a, b, c, d], 1, 1, 2, 2).To(dtype);
        var pool = new MaxPool2d(2);
        Tensor y = pool.Forward(x).Clone();
        Tensor dy = Tensor.Ones(dtype, 1, 1, 1, 1);
        return (y, pool.Backward(dy));
    }

    private static int GradientIndex(Tensor dx)
    {
        double[] g = dx.ToArray();
        Assert.That(g.Count(v => v != 0), Is.EqualTo(1), "the gradient goes to exactly one element");
        return Array.IndexOf(g, 1.0);
    }
}
