using TinyTensor.Kernels;

namespace TinyTensor.Tests.Tensors;

/// <summary>The generic pairwise sum instantiated with float against NumPy's <c>pairwise_sum_FLOAT</c> written out as a
/// plain scalar recursion in float (every accumulator a float), at every length up to past two 128-element blocks and
/// around the 8192-element buffer: the vector paths (eight running sums in one or two vectors) must give its bits.</summary>
[TestFixture]
public sealed class Float32PairwiseSumTests
{
    private static float NumPyPairwise(ReadOnlySpan<float> a)
    {
        if (a.Length < 8)
        {
            float res = 0f;
            foreach (float v in a)
            {
                res += v;
            }

            return res;
        }

        if (a.Length <= 128)
        {
            float[] r = a[..8].ToArray();
            int i = 8;
            for (; i < a.Length - (a.Length % 8); i += 8)
            {
                for (int k = 0; k < 8; k++)
                {
                    r[k] += a[i + k];
                }
            }

            float sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < a.Length; i++)
            {
                sum += a[i];
            }

            return sum;
        }

        int n2 = a.Length / 2;
        n2 -= n2 % 8;
        return NumPyPairwise(a[..n2]) + NumPyPairwise(a[n2..]);
    }

    private static float[] Values(int n, uint seed) => new RandomState(seed).Randn(DType.Float32, n + 1).ToArray<float>()[..n];

    [Test]
    public void EveryLengthUpTo300_GivesNumPysFloat32Bits()
    {
        for (int n = 0; n <= 300; n++)
        {
            float[] x = Values(n, (uint)n + 7);
            Assert.That(BitConverter.SingleToInt32Bits(PairwiseSum.Sum(x)), Is.EqualTo(BitConverter.SingleToInt32Bits(0f + NumPyPairwise(x))), $"n = {n}");
        }
    }

    [Test]
    public void ChunkedSum_AddsThePairwiseSumsOf8192ElementBuffers([Values(8191, 8192, 8193, 20000)] int n)
    {
        float[] x = Values(n, (uint)n);
        float expected = 0f;
        for (int start = 0; start < n; start += 8192)
        {
            expected += NumPyPairwise(x.AsSpan(start, Math.Min(8192, n - start)));
        }

        Assert.That(BitConverter.SingleToInt32Bits(PairwiseSum.ChunkedSum<float>(x)), Is.EqualTo(BitConverter.SingleToInt32Bits(expected)));
    }
}
