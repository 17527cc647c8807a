using TinyTensor.Kernels;
using TinyTensor.Layers;

namespace TinyTensor.Tests.Kernels;

/// <summary>Vector paths against their scalar definitions, and NumPy's summation order.</summary>
[TestFixture]
public sealed class NumericKernelTests
{
    [Test]
    public void PairwiseSum_FollowsNumPysBlocking([Values(0, 1, 7, 8, 9, 15, 16, 17, 127, 128, 129, 300, 1000)] int n)
    {
        var rng = new RandomState((uint)n);
        double[] values = rng.Uniform(-1e3, 1e3, Math.Max(n, 1)).ToArray()[..n];

        Assert.That(PairwiseSum.Sum(values), Is.EqualTo(NumPyPairwise(values)));
    }

    [Test]
    public void PairwiseSum_DiffersFromASequentialSum_WhereNumPysDoes()
    {
        // 1 + 1e16 + (-1e16) + … depends on the order: this pins the 8-accumulator structure.
        double[] values = [1e16, 1, -1e16, 1, 1, 1, 1, 1, 1, 1];
        double sequential = 0;
        foreach (double v in values)
        {
            sequential += v;
        }

        Assert.That(PairwiseSum.Sum(values), Is.EqualTo(NumPyPairwise(values)));
        Assert.That(PairwiseSum.Sum(values), Is.Not.EqualTo(sequential));
    }

    [Test]
    public void ReluBackward_VectorPath_MatchesTheScalarDefinition([Range(0, 40)] int length)
    {
        var rng = new RandomState((uint)length + 100);
        double[] x = rng.Randn(Math.Max(length, 1)).ToArray()[..length];
        double[] dout = rng.Randn(Math.Max(length, 1)).ToArray()[..length];
        var dx = new double[length];

        ReluKernel.Backward(x, dout, dx);

        Assert.That(dx, Is.EqualTo(x.Select((v, i) => ReluKernel.BackwardScalar(v, dout[i])).ToArray()));
    }

    [Test]
    public void Softmax_RowsSumToOne_AndSurviveHugeLogits()
    {
        Tensor x = Tensor.FromArray([1000, 999, -1000, 1e300, -1e300, 0, 5, 5, 5], 3, 3);

        Tensor p = new Softmax().Forward(x);

        for (int r = 0; r < 3; r++)
        {
            Assert.That(p[r, 0] + p[r, 1] + p[r, 2], Is.EqualTo(1.0).Within(1e-15));
        }

        Assert.That(p.ToArray(), Has.All.Not.NaN);
        Assert.That(p[2, 0], Is.EqualTo(1.0 / 3));
    }

    [Test]
    public void Predict_TakesTheFirstIndexOnTies_LikeArgmax()
    {
        var net = new Sequential(new ReLU());

        Assert.That(net.Predict(Tensor.FromArray([1, 3, 3, 0, 0, 0], 2, 3)), Is.EqualTo(new[] { 1, 0 }));
    }

    [Test]
    public void CrossEntropy_OfAZeroProbability_IsInfinite()
    {
        double loss = new CrossEntropyLoss().Forward(Tensor.FromArray([1, 0], 1, 2), [1]);

        Assert.That(loss, Is.EqualTo(double.PositiveInfinity));
    }

    /// <summary>numpy/core/src/umath/loops_utils.h.src pairwise_sum_DOUBLE, transcribed independently.</summary>
    internal static double NumPyPairwise(ReadOnlySpan<double> a)
    {
        if (a.Length < 8)
        {
            double res = 0;
            foreach (double v in a)
            {
                res += v;
            }

            return res;
        }

        if (a.Length <= 128)
        {
            var r = new double[8];
            a[..8].CopyTo(r);
            int i = 8;
            for (; i < a.Length - (a.Length % 8); i += 8)
            {
                for (int j = 0; j < 8; j++)
                {
                    r[j] += a[i + j];
                }
            }

            double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < a.Length; i++)
            {
                res += a[i];
            }

            return res;
        }

        int n2 = a.Length / 2;
        n2 -= n2 % 8;
        return NumPyPairwise(a[..n2]) + NumPyPairwise(a[n2..]);
    }
}
