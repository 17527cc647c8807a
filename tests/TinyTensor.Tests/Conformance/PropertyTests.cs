using System.Text.Json;
using CsCheck;
using TinyTensor.Layers;
using TinyTensor.Tests.Support;

namespace TinyTensor.Tests.Conformance;

/// <summary>
/// CsCheck properties over generated shapes and values (sizes up to 64, so both the small (m·n·k ≤ 40³) and the
/// packed GEMM routes are drawn). A failure prints the seed that reproduces it: pass it as <c>seed:</c> to <c>Sample</c>.
/// </summary>
[TestFixture]
public sealed class PropertyTests
{
    private const long Iterations = 200;

    private static Gen<Tensor> Matrix(int rows, int columns) =>
        Gen.Double[-1.0, 1.0].Array[rows * columns].Select(values => Tensor.FromArray(values, rows, columns));

    private static readonly Gen<(Tensor A, Tensor B)> Product =
        from m in Gen.Int[1, 64]
        from k in Gen.Int[1, 64]
        from n in Gen.Int[1, 64]
        from a in Matrix(m, k)
        from b in Matrix(k, n)
        select (a, b);

    private static Tensor Transposed(Tensor x)
    {
        var t = new Tensor(x.Columns, x.Rows);
        for (int i = 0; i < x.Rows; i++)
        {
            for (int j = 0; j < x.Columns; j++)
            {
                t[j, i] = x[i, j];
            }
        }

        return t;
    }

    /// <summary>|x − y| ≤ 1e-11 everywhere: entries of a product of k ≤ 64 terms in [−1, 1] are at most 64 in size,
    /// so two summation orders differ by at most ≈ k·64·ε ≈ 1e-12.</summary>
    private static bool Close(Tensor x, Tensor y) =>
        x.SameShape(y) && x.AsReadOnlySpan().ToArray().Zip(y.AsReadOnlySpan().ToArray()).All(p => Math.Abs(p.First - p.Second) <= 1e-11);

    [Test]
    public void MatMul_TransposeOfAProduct_IsTheProductOfTheTransposesReversed() =>
        Product.Sample(p => Close(Transposed(Tensor.MatMul(p.A, p.B)), Tensor.MatMul(Transposed(p.B), Transposed(p.A))),
            iter: Iterations);

    [Test]
    public void MatMul_DistributesOverAddition()
    {
        Gen<(Tensor A, Tensor B, Tensor C)> gen =
            from m in Gen.Int[1, 64]
            from k in Gen.Int[1, 64]
            from n in Gen.Int[1, 64]
            from a in Matrix(m, k)
            from b in Matrix(k, n)
            from c in Matrix(k, n)
            select (a, b, c);

        gen.Sample((a, b, c) =>
        {
            Tensor sum = b.Clone();
            Span<double> s = sum.AsSpan();
            ReadOnlySpan<double> cv = c.AsReadOnlySpan();
            for (int i = 0; i < s.Length; i++)
            {
                s[i] += cv[i];
            }

            Tensor left = Tensor.MatMul(a, sum);
            Tensor ab = Tensor.MatMul(a, b), ac = Tensor.MatMul(a, c);
            Span<double> right = ab.AsSpan();
            for (int i = 0; i < right.Length; i++)
            {
                right[i] += ac.AsReadOnlySpan()[i];
            }

            return Close(left, ab);
        }, iter: Iterations);
    }

    [Test]
    public void MatMul_ByTheIdentity_GivesTheMatrixExactly()
    {
        Gen<Tensor> gen = from m in Gen.Int[1, 64] from n in Gen.Int[1, 64] from a in Matrix(m, n) select a;

        gen.Sample(a =>
        {
            var left = new Tensor(a.Rows, a.Rows);
            var right = new Tensor(a.Columns, a.Columns);
            for (int i = 0; i < a.Rows; i++)
            {
                left[i, i] = 1.0;
            }

            for (int j = 0; j < a.Columns; j++)
            {
                right[j, j] = 1.0;
            }

            return Tensor.MatMul(left, a).AsReadOnlySpan().SequenceEqual(a.AsReadOnlySpan())
                && Tensor.MatMul(a, right).AsReadOnlySpan().SequenceEqual(a.AsReadOnlySpan());
        }, iter: Iterations);
    }

    [Test]
    public void SoftmaxRows_AreProbabilitiesSummingToOne_ForAnyFiniteLogits()
    {
        Gen<Tensor> gen =
            from rows in Gen.Int[1, 6]
            from columns in Gen.Int[1, 300]
            from scale in Gen.Int[0, 2].Select(i => i == 0 ? 1.0 : i == 1 ? 1e3 : 1e300)
            from x in Gen.Double[-1.0, 1.0].Array[rows * columns]
            select Tensor.FromArray(x.Select(v => v * scale).ToArray(), rows, columns);

        gen.Sample(x =>
        {
            Tensor p = new Softmax().Forward(x);
            for (int r = 0; r < p.Rows; r++)
            {
                double sum = 0.0;
                foreach (double v in p.Row(r))
                {
                    if (!(v >= 0.0 && v <= 1.0))
                    {
                        return false;
                    }

                    sum += v;
                }

                if (!(Math.Abs(sum - 1.0) <= 4 * 2.220446049250313e-16 * p.Columns))
                {
                    return false;
                }
            }

            return true;
        }, iter: Iterations);
    }

    [Test]
    public void SoftmaxCrossEntropyGradient_MatchesFiniteDifferences()
    {
        Gen<(Tensor X, int[] Labels)> gen =
            from rows in Gen.Int[1, 5]
            from columns in Gen.Int[2, 8]
            from x in Gen.Double[-5.0, 5.0].Array[rows * columns]
            from labels in Gen.Int[0, columns - 1].Array[rows]
            select (Tensor.FromArray(x, rows, columns), labels);

        gen.Sample((x, labels) =>
        {
            var loss = new SoftmaxCrossEntropyLoss();
            loss.Forward(x, labels);
            double[] analytic = loss.Backward().ToArray();
            double[] numeric = FiniteDifferences.Gradient(x, () => loss.Forward(x, labels));
            return analytic.Zip(numeric).All(p =>
                Math.Abs(p.First - p.Second) <= FiniteDifferences.Atol + (FiniteDifferences.Rtol * Math.Abs(p.Second)));
        }, iter: Iterations);
    }

    [Test]
    public void RandomState_DrawnInAnyChunks_ReproducesTheFixtureStreams()
    {
        JsonElement[] streams = LoadStreams();
        Gen<(int Stream, int Kind, int[] Chunks)> gen =
            from stream in Gen.Int[0, streams.Length - 1]
            from kind in Gen.Int[0, 2]
            from chunks in Gen.Int[1, 6].Array[1, 8]
            select (stream, kind, chunks);

        gen.Sample((stream, kind, chunks) =>
        {
            JsonElement fixture = streams[stream];
            var rng = new RandomState(fixture.GetProperty("seed").GetUInt32());
            string key = kind switch { 0 => "raw_uint32", 1 => "rand", _ => "randn" };
            double[] expected = kind == 0
                ? fixture.GetProperty(key).EnumerateArray().Select(e => (double)e.GetUInt32()).ToArray()
                : NotebookReferenceData.Flatten(fixture.GetProperty(key));
            var actual = new List<double>();
            foreach (int chunk in chunks)
            {
                int count = Math.Min(chunk, expected.Length - actual.Count);
                if (count == 0)
                {
                    break;
                }

                actual.AddRange(kind switch
                {
                    0 => Enumerable.Range(0, count).Select(_ => (double)rng.NextUInt32()).ToArray(),
                    1 => rng.Rand(count).ToArray(),
                    _ => rng.Randn(count).ToArray(),
                });
            }

            // Same bits: randn across chunk boundaries must keep NumPy's cached second Gaussian.
            return actual.Select(BitConverter.DoubleToInt64Bits)
                .SequenceEqual(expected.Take(actual.Count).Select(BitConverter.DoubleToInt64Bits));
        }, iter: Iterations);
    }

    private static JsonElement[] LoadStreams()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(FixturePath.Of("numpy-random.json")));
        return document.RootElement.GetProperty("streams").EnumerateArray().Select(e => e.Clone()).ToArray();
    }
}
