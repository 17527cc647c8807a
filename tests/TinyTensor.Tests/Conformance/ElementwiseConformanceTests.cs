using System.Globalization;
using TinyTensor.Kernels;
using TinyTensor.Tests.Kernels;
using TinyTensor.Tests.Support;

namespace TinyTensor.Tests.Conformance;

/// <summary>
/// Every elementwise kernel at every length 0 … 257 (so every vector width's body and remainder, and NumPy's
/// pairwise-sum block edges at 8 and 128 and the split above) against its scalar definition, with a fixed seed.
/// Kernels whose vector and scalar loops round the same operations in the same order must agree bit for bit; those
/// that call a library transcendental (exp, tanh) within a few units in the last place.
/// </summary>
[TestFixture]
public sealed class ElementwiseConformanceTests
{
    private const int MaxLength = 257;

    /// <summary>Four units in the last place, relative: TensorPrimitives' exp/sigmoid vs Math's.</summary>
    private const double TranscendentalRtol = 4 * 2.220446049250313e-16;

    /// <summary>TensorPrimitives.Tanh goes through exp(2x) − 1, which cancels for small |x| (≈ 65 ulp relative at
    /// x ≈ 1e-3, 1.4e-17 absolute); within 16 ulp relative or one ulp of 1.0 (tanh's range) absolute.</summary>
    private const double TanhRtol = 16 * 2.220446049250313e-16;

    public static IEnumerable<int> Lengths() => Enumerable.Range(0, MaxLength + 1);

    /// <summary>Standard normal values with a few exact zeros and a signed zero, so the x &gt; 0 tests see their edge.</summary>
    private static double[] Values(int length, uint salt)
    {
        var rng = new RandomState((uint)(length * 7919) + salt);
        double[] values = new double[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = rng.NextGaussian() * 3.0;
        }

        // Zeros at positions that depend on the salt, so x and dout are not zero at the same places.
        for (int i = (int)(salt % 11); i < length; i += 11)
        {
            values[i] = i % 2 == 0 ? 0.0 : -0.0;
        }

        return values;
    }

    [Test]
    public void ReluForwardAndBackward_MatchTheScalarDefinition()
    {
        foreach (int n in Lengths())
        {
            double[] x = Values(n, 1), dout = Values(n, 2), y = new double[n], dx = new double[n];

            ReluKernel.Forward(x, y);
            ReluKernel.Backward(x, dout, dx);

            AssertTensor.BitwiseEqual(y, x.Select(v => Math.Max(v, 0.0)).ToArray(), $"relu n={n}");
            AssertTensor.BitwiseEqual(dx, x.Select((v, i) => ReluKernel.BackwardScalar(v, dout[i])).ToArray(), $"relu' n={n}");
        }
    }

    [Test]
    public void LeakyReluForwardAndBackward_MatchTheScalarDefinition([Values(0.01, 0.2, -0.5)] double slope)
    {
        foreach (int n in Lengths())
        {
            double[] x = Values(n, 3), dout = Values(n, 4), y = new double[n], dx = new double[n];

            LeakyReluKernel.Forward(x, y, slope);
            LeakyReluKernel.Backward(x, dout, dx, slope);

            AssertTensor.BitwiseEqual(y, x.Select(v => LeakyReluKernel.ForwardScalar(v, slope)).ToArray(), $"leaky n={n}");
            AssertTensor.BitwiseEqual(dx, x.Select((v, i) => LeakyReluKernel.BackwardScalar(v, dout[i], slope)).ToArray(), $"leaky' n={n}");
        }
    }

    [Test]
    public void SigmoidForwardAndBackward_MatchTheScalarDefinition()
    {
        foreach (int n in Lengths())
        {
            double[] x = Values(n, 5), dout = Values(n, 6), y = new double[n], dx = new double[n];

            SigmoidKernel.Forward(x, y);
            SigmoidKernel.Backward(y, dout, dx);

            AssertTensor.AllClose(y, x.Select(SigmoidKernel.ForwardScalar).ToArray(), TranscendentalRtol, 0.0, $"sigmoid n={n}");
            AssertTensor.BitwiseEqual(dx, y.Select((v, i) => SigmoidKernel.BackwardScalar(v, dout[i])).ToArray(), $"sigmoid' n={n}");
        }
    }

    [Test]
    public void TanhForwardAndBackward_MatchTheScalarDefinition()
    {
        foreach (int n in Lengths())
        {
            double[] x = Values(n, 7), dout = Values(n, 8), y = new double[n], dx = new double[n];

            TanhKernel.Forward(x, y);
            TanhKernel.Backward(y, dout, dx);

            AssertTensor.AllClose(y, x.Select(TanhKernel.ForwardScalar).ToArray(), TanhRtol, 2.220446049250313e-16, $"tanh n={n}");
            AssertTensor.BitwiseEqual(dx, y.Select((v, i) => TanhKernel.BackwardScalar(v, dout[i])).ToArray(), $"tanh' n={n}");
        }
    }

    [Test]
    public void SoftmaxRows_MatchTheScalarDefinition_ForEveryRowLength()
    {
        const int Rows = 3;
        SoftmaxKernel.Forward<double>([], [], 0, 5); // no rows: nothing to do, nothing read
        for (int columns = 1; columns <= MaxLength; columns++)
        {
            double[] x = Values(Rows * columns, 9).Select(v => v * 10).ToArray();
            double[] y = new double[x.Length];

            SoftmaxKernel.Forward(x, y, Rows, columns);

            double[] expected = new double[x.Length];
            for (int r = 0; r < Rows; r++)
            {
                ReadOnlySpan<double> row = x.AsSpan(r * columns, columns);
                double max = double.NegativeInfinity;
                foreach (double v in row)
                {
                    max = Math.Max(max, v);
                }

                double[] e = row.ToArray().Select(v => Math.Exp(v - max)).ToArray();
                double sum = NumericKernelTests.NumPyPairwise(e);
                for (int j = 0; j < columns; j++)
                {
                    expected[(r * columns) + j] = e[j] / sum;
                }
            }

            AssertTensor.AllClose(y, expected, 4 * TranscendentalRtol, 0.0, $"softmax columns={columns}");
        }
    }

    [Test]
    public void BiasAddAndColumnSums_MatchTheScalarDefinition()
    {
        const int Rows = 5;
        foreach (int n in Lengths())
        {
            double[] y = Values(Rows * n, 10), bias = Values(n, 11), db = Values(n, 12);
            double[] expectedY = (double[])y.Clone();
            double[] expectedDb = new double[n];
            for (int i = 0; i < Rows; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    expectedY[(i * n) + j] += bias[j];
                    expectedDb[j] += y[(i * n) + j];
                }
            }

            BiasKernel.SumRows(y, db, Rows);
            BiasKernel.AddToRows(y, bias, Rows);

            AssertTensor.BitwiseEqual(db, expectedDb, $"bias sum n={n}");
            AssertTensor.BitwiseEqual(y, expectedY, $"bias add n={n}");
        }
    }

    [Test]
    public void SgdUpdate_MatchesTheScalarDefinition()
    {
        foreach (int n in Lengths())
        {
            double[] p = Values(n, 13), g = Values(n, 14);
            double[] expected = p.Select((v, i) => v - (0.05 * (g[i] + (1e-3 * v)))).ToArray();

            SgdKernel.Update(p, g, 0.05, 1e-3);

            AssertTensor.BitwiseEqual(p, expected, $"sgd n={n}");
        }
    }

    [Test]
    public void SgdMomentumUpdate_MatchesTheScalarDefinition([Values] bool nesterov, [Values] bool firstStep)
    {
        const double Lr = 0.05, Wd = 1e-3, Mu = 0.9;
        foreach (int n in Lengths())
        {
            double[] p = Values(n, 15), grad = Values(n, 16), velocity = Values(n, 17);
            double[] expectedP = new double[n], expectedV = new double[n];
            for (int i = 0; i < n; i++)
            {
                double g = grad[i] + (Wd * p[i]);
                double v = firstStep ? g : (Mu * velocity[i]) + g;
                expectedV[i] = v;
                expectedP[i] = p[i] - (Lr * (nesterov ? g + (Mu * v) : v));
            }

            SgdMomentumKernel.Update(p, grad, velocity, Lr, Wd, Mu, nesterov, firstStep);

            AssertTensor.BitwiseEqual(velocity, expectedV, $"velocity n={n}");
            AssertTensor.BitwiseEqual(p, expectedP, $"momentum p n={n}");
        }
    }

    [Test]
    public void AdamUpdate_MatchesTheScalarDefinition([Values] bool decoupled)
    {
        const double Lr = 1e-3, Wd = 1e-2, B1 = 0.9, B2 = 0.999, Eps = 1e-8;
        const int T = 3;
        var step = new AdamStep(B1, B2, Eps, decoupled ? 0.0 : Wd, decoupled ? 1.0 - (Lr * Wd) : 1.0,
            Lr / (1.0 - Math.Pow(B1, T)), Math.Sqrt(1.0 - Math.Pow(B2, T)));
        foreach (int n in Lengths())
        {
            double[] p = Values(n, 18), grad = Values(n, 19), m1 = Values(n, 20);
            double[] m2 = Values(n, 21).Select(Math.Abs).ToArray();
            double[] expectedP = new double[n], expectedM = new double[n], expectedV = new double[n];
            for (int i = 0; i < n; i++)
            {
                double g = grad[i] + (step.L2 * p[i]);
                double m = (B1 * m1[i]) + ((1.0 - B1) * g);
                double v = (B2 * m2[i]) + ((1.0 - B2) * (g * g));
                expectedM[i] = m;
                expectedV[i] = v;
                expectedP[i] = (p[i] * step.DecayFactor) - (step.StepSize * (m / ((Math.Sqrt(v) / step.BiasCorrection2Sqrt) + Eps)));
            }

            AdamKernel.Update(p, grad, m1, m2, step);

            AssertTensor.BitwiseEqual(m1, expectedM, $"adam m n={n}");
            AssertTensor.BitwiseEqual(m2, expectedV, $"adam v n={n}");
            AssertTensor.BitwiseEqual(p, expectedP, $"adam p n={n}");
        }
    }

    [Test]
    public void PairwiseSum_MatchesNumPysAlgorithm_AtEveryLength()
    {
        foreach (int n in Lengths())
        {
            double[] x = Values(n, 22).Select(v => v * 1e3).ToArray();

            double actual = PairwiseSum.Sum(x);

            Assert.That(BitConverter.DoubleToInt64Bits(actual), Is.EqualTo(BitConverter.DoubleToInt64Bits(0.0 + NumericKernelTests.NumPyPairwise(x))),
                string.Create(CultureInfo.InvariantCulture, $"n={n}: {actual:R}"));
        }
    }

    [Test]
    public void SoftmaxCrossEntropyRows_MatchTheScalarLogSumExp_ForEveryRowLength()
    {
        const int Rows = 4;
        for (int columns = 1; columns <= MaxLength; columns++)
        {
            double[] x = Values(Rows * columns, 23).Select(v => v * 20).ToArray();
            int[] labels = Enumerable.Range(0, Rows).Select(r => (r * 37) % columns).ToArray();
            double[] gradient = new double[x.Length], perRow = new double[Rows];

            double loss = SoftmaxCrossEntropyKernel.LossAndGradient(x, labels, columns, gradient, perRow);

            double[] expectedRows = Enumerable.Range(0, Rows)
                .Select(r => SoftmaxCrossEntropyKernel.RowLossScalar(x.AsSpan(r * columns, columns), labels[r])).ToArray();
            AssertTensor.AllClose(perRow, expectedRows, 1e-13, 1e-13, $"row losses columns={columns}");
            Assert.That(loss, Is.EqualTo(expectedRows.Sum() / Rows).Within(1e-12), $"mean loss columns={columns}");
            for (int r = 0; r < Rows; r++)
            {
                // (softmax − onehot) / N sums to 0 over each row.
                Assert.That(gradient.AsSpan(r * columns, columns).ToArray().Sum(), Is.EqualTo(0.0).Within(1e-15 * columns));
            }
        }
    }
}
