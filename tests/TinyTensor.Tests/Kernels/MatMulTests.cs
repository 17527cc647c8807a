using TinyTensor.Kernels.Gemm;
using TinyTensor.Tests.Support;

namespace TinyTensor.Tests.Kernels;

/// <summary>Tensor.MatMul against a naive triple loop on odd shapes, in every position.</summary>
[TestFixture]
public sealed class MatMulTests
{
    /// <summary>Machine epsilon of double, 2⁻⁵² (not <see cref="double.Epsilon"/>, the smallest subnormal).</summary>
    private const double Epsilon = 2.220446049250313e-16;

    private static readonly int[] OddSizes = [1, 3, 7, 17, 33, 100];

    private static IEnumerable<TestCaseData> Shapes() =>
        from m in OddSizes
        from k in OddSizes
        from n in OddSizes
        select new TestCaseData(m, k, n);

    [TestCaseSource(nameof(Shapes))]
    public void MatMul_MatchesTheNaiveTripleLoop(int m, int k, int n)
    {
        var rng = new RandomState((uint)((m * 10007) + (k * 101) + n));
        Tensor a = rng.Uniform(-1, 1, m, k);
        Tensor b = rng.Uniform(-1, 1, k, n);

        Tensor c = Tensor.MatMul(a, b);

        Assert.That(c.Shape, Is.EqualTo(new[] { m, n }));
        var expected = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    sum += a[i, p] * b[p, j];
                }

                expected[(i * n) + j] = sum;
            }
        }

        // |C − C_ref| ≤ 16·ε·k with |a|, |b| ≤ 1: a bound on reordering error, far below any real bug.
        AssertTensor.AllClose(c.AsReadOnlySpan(), expected, rtol: 0, atol: 16 * Epsilon * k, $"C ({m}x{k})·({k}x{n})");
    }

    [Test]
    public void MatMul_IntoDestination_OverwritesIt()
    {
        Tensor a = Tensor.FromArray([1, 2, 3, 4], 2, 2);
        Tensor b = Tensor.FromArray([5, 6, 7, 8], 2, 2);
        var destination = new Tensor(2, 2);
        destination.Fill(double.NaN);

        Tensor.MatMul(a, b, destination);

        Assert.That(destination.ToArray(), Is.EqualTo(new double[] { 19, 22, 43, 50 }));
    }

    [TestCase(false, false)]
    [TestCase(true, false)]
    [TestCase(false, true)]
    public void Gemm_EveryTransposeForm_MatchesTheReference(bool transposeA, bool transposeB)
    {
        Transpose transA = transposeA ? Transpose.Transposed : Transpose.None;
        Transpose transB = transposeB ? Transpose.Transposed : Transpose.None;
        const int m = 17, n = 9, k = 33;
        var rng = new RandomState(5);
        double[] a = rng.Uniform(-1, 1, m * k).ToArray();
        double[] b = rng.Uniform(-1, 1, k * n).ToArray();
        int lda = transA == Transpose.None ? k : m;
        int ldb = transB == Transpose.None ? n : k;
        double[] c = rng.Uniform(-1, 1, m * n).ToArray();
        double[] expected = (double[])c.Clone();

        Gemm.Multiply(transA, transB, m, n, k, 0.5, a, lda, b, ldb, 0.25, c, n);
        GemmReference.Multiply(transA, transB, m, n, k, 0.5, a, lda, b, ldb, 0.25, expected, n);

        AssertTensor.AllClose(c, expected, rtol: 0, atol: 16 * Epsilon * k, "C");
    }
}
