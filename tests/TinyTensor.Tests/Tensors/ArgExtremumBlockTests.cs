using NUnit.Framework;

namespace TinyTensor.Tests.Tensors;

/// <summary>The blocked arg-extremum scan (extreme value per block, index re-found in the block where it last improved)
/// against NumPy's rule written out as a plain loop, at lengths and positions around the block and vector boundaries of
/// every width (blocks of 16 vectors: 32, 64 or 128 doubles). CI also runs these with AVX-512, AVX2 and all SIMD off.</summary>
[TestFixture]
public sealed class ArgExtremumBlockTests
{
    private static readonly int[] Lengths = [.. Enumerable.Range(1, 70), 95, 96, 97, 127, 128, 129, 130, 143, 191, 192, 255, 256, 257, 300, 1024, 1031];

    /// <summary>np.argmax / np.argmin: keep the first element, replace it on a strict improvement or by the first NaN,
    /// and never replace a NaN.</summary>
    private static int Reference(double[] row, bool max)
    {
        int best = 0;
        for (int i = 1; i < row.Length; i++)
        {
            if (double.IsNaN(row[best]))
            {
                break;
            }

            if (double.IsNaN(row[i]) || (max ? row[i] > row[best] : row[i] < row[best]))
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>Positions worth trying in a row of n: all for short rows, otherwise both sides of every 8-element
    /// boundary (so every vector and block edge) plus the ends.</summary>
    private static IEnumerable<int> Positions(int n) =>
        n <= 70 ? Enumerable.Range(0, n) : Enumerable.Range(0, n).Where(i => i % 8 is 0 or 7 || i >= n - 9 || i < 3);

    private static void AssertBoth(double[] row, string what)
    {
        Tensor t = Tensor.FromArray(row, row.Length);
        Assert.That(t.ArgMax(), Is.EqualTo(Reference(row, max: true)), $"argmax, {what}, n = {row.Length}");
        Assert.That(t.ArgMin(), Is.EqualTo(Reference(row, max: false)), $"argmin, {what}, n = {row.Length}");
    }

    private static double[] RandomRow(int n, int seed)
    {
        var rng = new System.Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5)];
    }

    [Test]
    public void RandomRows_MatchNumPysRule_AtEveryLength()
    {
        foreach (int n in Lengths)
        {
            AssertBoth(RandomRow(n, n), "random");
        }
    }

    [Test]
    public void TheExtremum_IsFound_AtEveryPosition_IncludingTheLastBlockAndTheRemainder()
    {
        foreach (int n in Lengths)
        {
            foreach (int p in Positions(n))
            {
                double[] row = RandomRow(n, p);
                row[p] = 2;
                AssertBoth(row, $"max at {p}");
                row[p] = -2;
                AssertBoth(row, $"min at {p}");
            }
        }
    }

    [Test]
    public void Ties_AcrossBlocksAndLanes_GoToTheFirstIndex()
    {
        foreach (int n in Lengths.Where(n => n >= 2))
        {
            foreach (int p in Positions(n))
            {
                int q = (p + 1 + (n / 2)) % n;
                double[] row = RandomRow(n, p + 1000);
                row[p] = row[q] = 2;
                AssertBoth(row, $"ties at {p} and {q}");
                row[p] = row[q] = -2;
                AssertBoth(row, $"ties at {p} and {q}");
            }
        }
    }

    [Test]
    public void SmallIntegerRows_FullOfTies_AndSignedZeros_MatchNumPysRule()
    {
        foreach (int n in Lengths)
        {
            var rng = new System.Random(n + 7);
            for (int trial = 0; trial < 4; trial++)
            {
                double[] row = [.. Enumerable.Range(0, n).Select(_ => rng.Next(3) switch { 0 => -0.0, 1 => 0.0, _ => -1.0 })];
                AssertBoth(row, "zeros of both signs and −1");
                double[] ints = [.. Enumerable.Range(0, n).Select(_ => (double)rng.Next(-2, 3))];
                AssertBoth(ints, "integers in [−2, 2]");
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
                double[] row = RandomRow(n, p + 2000);
                row[p] = double.NaN;
                row[(p + 3) % n] = 5;
                AssertBoth(row, $"NaN at {p}");
                if (p + 5 < n)
                {
                    row[p + 5] = double.NaN;
                    AssertBoth(row, $"NaNs at {p} and {p + 5}");
                }
            }
        }
    }

    [Test]
    public void InfinitiesOfBothSigns_WithoutNaN_StillGiveTheExtremum()
    {
        // +∞ + −∞ makes the NaN detector's sum NaN although no element is NaN.
        foreach (int n in Lengths.Where(n => n >= 3))
        {
            double[] row = RandomRow(n, n + 3000);
            row[n / 3] = double.PositiveInfinity;
            row[n - 1] = double.NegativeInfinity;
            row[(2 * n) / 3] = double.PositiveInfinity;
            AssertBoth(row, "±∞");
            double[] huge = [.. Enumerable.Range(0, n).Select(i => i % 2 == 0 ? double.MaxValue : -double.MaxValue)];
            AssertBoth(huge, "±MaxValue (the sum overflows)");
        }
    }

    [Test]
    public void MonotoneRows_ImprovingInEveryBlock_MatchNumPysRule()
    {
        foreach (int n in Lengths)
        {
            double[] up = [.. Enumerable.Range(0, n).Select(i => (double)i)];
            AssertBoth(up, "ascending");
            double[] down = [.. Enumerable.Range(0, n).Select(i => (double)-i)];
            AssertBoth(down, "descending");
        }
    }

    [Test]
    public void AlongAxis1_EachRowOfAMatrix_IsScannedOnItsOwn()
    {
        foreach (int n in new[] { 1, 5, 33, 64, 129, 257 })
        {
            double[] data = RandomRow(7 * n, n + 4000);
            data[(3 * n) + (n / 2)] = double.NaN;
            data[(5 * n) + n - 1] = 9;
            Tensor t = Tensor.FromArray(data, 7, n);
            int[] expectedMax = [.. Enumerable.Range(0, 7).Select(r => Reference(data[(r * n)..((r + 1) * n)], max: true))];
            int[] expectedMin = [.. Enumerable.Range(0, 7).Select(r => Reference(data[(r * n)..((r + 1) * n)], max: false))];
            Assert.That(t.ArgMax(1), Is.EqualTo(expectedMax), $"n = {n}");
            Assert.That(t.ArgMin(1), Is.EqualTo(expectedMin), $"n = {n}");
        }
    }
}
