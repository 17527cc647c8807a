using TinyTensor.Kernels.Gemm;

namespace TinyTensor.Tests.Kernels;

/// <summary>
/// The unpacked FMA route (<see cref="Gemm.IsDirect"/>) must give the packed route's bits: the 1- and 2-thread
/// results only agree because a product too big for it falls back to the packed path with the same arithmetic.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class GemmDirectTests
{
    [TestCase(64, 64, 64, 0.0)]
    [TestCase(48, 32, 100, 0.5)]
    [TestCase(8, 16, 256, 1.0)]
    [TestCase(120, 80, 7, 0.0)]
    public void DirectRoute_GivesThePackedRoutesBits(int m, int n, int k, double beta)
    {
        if (!Gemm.IsAccelerated(GemmKernelKind.Vector512))
        {
            Assert.Ignore("Vector512 is not accelerated on this machine.");
        }

        Assert.That(Gemm.IsDirect(GemmKernelKind.Vector512, Transpose.None, Transpose.None, m, n, k), Is.True);
        var rng = new System.Random(m + (31 * n) + (977 * k));
        double[] a = Fill(rng, m * k);
        double[] b = Fill(rng, k * n);
        double[] c0 = Fill(rng, m * n);
        double[] direct = (double[])c0.Clone();
        double[] packed = (double[])c0.Clone();
        using (GemmOverride.Force(GemmKernelKind.Vector512, GemmRoute.Direct))
        {
            Gemm.Multiply(Transpose.None, Transpose.None, m, n, k, 1.5, a, k, b, n, beta, direct, n);
        }

        using (GemmOverride.Force(GemmKernelKind.Vector512, GemmRoute.Packed))
        {
            Gemm.Multiply(Transpose.None, Transpose.None, m, n, k, 1.5, a, k, b, n, beta, packed, n);
        }

        for (int i = 0; i < m * n; i++)
        {
            Assert.That(BitConverter.DoubleToInt64Bits(direct[i]), Is.EqualTo(BitConverter.DoubleToInt64Bits(packed[i])),
                $"element {i} of {m}×{n}×{k}, β = {beta}");
        }
    }

    private static double[] Fill(System.Random rng, int count)
    {
        double[] x = new double[count];
        for (int i = 0; i < count; i++)
        {
            x[i] = (rng.NextDouble() * 2.0) - 1.0;
        }

        return x;
    }
}
