namespace TinyTensor.Tests.Tensors;

/// <summary>The blocked arg-extremum scan on float32 rows (16 floats a 512-bit vector, blocks of 16 vectors: 256, 128 or
/// 64 floats) against NumPy's rule as a plain loop, at lengths and positions around every vector and block edge. CI
/// also runs these with AVX-512, AVX2 and all SIMD off.</summary>
[TestFixture]
public sealed class Float32ArgExtremumBlockTests
{
    private static readonly int[] Lengths =
        [.. Enumerable.Range(1, 70), 127, 128, 129, 191, 192, 193, 255, 256, 257, 271, 272, 273, 511, 512, 513, 600, 1031];

    /// <summary>np.argmax / np.argmin: keep the first element, replace it on a strict improvement or by the first NaN,
    /// and never replace a NaN.</summary>
    private static int Reference(float[] row, bool max)
    {
        int best = 0;
        for (int i = 1; i < row.Length && !float.IsNaN(row[best]); i++)
        {
            if (float.IsNaN(row[i]) || (max ? row[i] > row[best] : row[i] < row[best]))
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>All positions of short rows, otherwise both sides of every 16-element boundary plus the ends.</summary>
    private static IEnumerable<int> Positions(int n) =>
        n <= 70 ? Enumerable.Range(0, n) : Enumerable.Range(0, n).Where(i => i % 16 is 0 or 15 || i >= n - 17 || i < 3);

    private static void AssertBoth(float[] row, string what)
    {
        Tensor t = Tensor.FromArray(row, row.Length);
        Assert.That(t.ArgMax(), Is.EqualTo(Reference(row, max: true)), $"argmax, {what}, n = {row.Length}");
        Assert.That(t.ArgMin(), Is.EqualTo(Reference(row, max: false)), $"argmin, {what}, n = {row.Length}");
    }

    private static float[] RandomRow(int n, int seed)
    {
        var rng = new System.Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() - 0.5))];
    }

    [Test]
    public void TheExtremum_IsFound_AtEveryPosition_IncludingTheLastBlockAndTheRemainder()
    {
        foreach (int n in Lengths)
        {
            foreach (int p in Positions(n))
            {
                float[] row = RandomRow(n, p);
                row[p] = 2;
                AssertBoth(row, $"max at {p}");
                row[p] = -2;
                AssertBoth(row, $"min at {p}");
            }
        }
    }

    [Test]
    public void Ties_AcrossBlocksAndLanes_GoToTheFirstIndex_AndMinusZeroTiesPlusZero()
    {
        foreach (int n in Lengths.Where(n => n >= 2))
        {
            foreach (int p in Positions(n))
            {
                int q = (p + 1 + (n / 2)) % n;
                float[] row = RandomRow(n, p + 1000);
                row[p] = row[q] = 2;
                AssertBoth(row, $"ties at {p} and {q}");
                float[] zeros = [.. row.Select(v => -Math.Abs(v) - 1)];
                zeros[p] = -0f;
                zeros[q] = 0f;
                AssertBoth(zeros, $"-0 at {p}, +0 at {q}");
            }
        }
    }

    [Test]
    public void ANaN_AnywhereIncludingTheRemainder_WinsAtItsFirstIndex()
    {
        foreach (int n in Lengths)
        {
            foreach (int p in Positions(n))
            {
                float[] row = RandomRow(n, p + 2000);
                row[p] = float.NaN;
                row[(p + 3) % n] = 5;
                AssertBoth(row, $"NaN at {p}");
            }
        }
    }

    [Test]
    public void InfinitiesOfBothSigns_WithoutNaN_StillGiveTheExtremum()
    {
        foreach (int n in Lengths.Where(n => n >= 3))
        {
            float[] row = RandomRow(n, n + 3000);
            row[n / 3] = float.PositiveInfinity;
            row[n - 1] = float.NegativeInfinity;
            row[(2 * n) / 3] = float.PositiveInfinity;
            AssertBoth(row, "±∞");
            float[] huge = [.. Enumerable.Range(0, n).Select(i => i % 2 == 0 ? float.MaxValue : -float.MaxValue)];
            AssertBoth(huge, "±MaxValue (the sum overflows)");
        }
    }

    [Test]
    public void AlongEveryAxis_OfA3DTensor_MatchesTheRuleOnEachLine()
    {
        float[] data = RandomRow(4 * 70 * 3, 4000);
        data[(2 * 210) + (33 * 3) + 1] = float.NaN;
        Tensor t = Tensor.FromArray(data, 4, 70, 3);
        int[] argMax = t.ArgMax(1);
        for (int o = 0; o < 4; o++)
        {
            for (int j = 0; j < 3; j++)
            {
                float[] line = [.. Enumerable.Range(0, 70).Select(k => data[(o * 210) + (k * 3) + j])];
                Assert.That(argMax[(o * 3) + j], Is.EqualTo(Reference(line, max: true)), $"line ({o}, :, {j})");
            }
        }
    }
}
