using System.Numerics;
using TinyTensor.Kernels.Gemm;

namespace TinyTensor.Tests.Kernels;

/// <summary>
/// The unpacked FMA route (<see cref="GemmPlanner.IsDirect"/>) must give the packed route's bits, in both element
/// types: the 1- and 2-thread results only agree because a product too big for it falls back to the packed path
/// with the same arithmetic.
/// </summary>
[TestFixture]
public sealed class GemmDirectTests
{
    [TestCase(64, 64, 64, 0.0)]
    [TestCase(48, 32, 100, 0.5)]
    [TestCase(8, 16, 256, 1.0)]
    [TestCase(120, 80, 7, 0.0)]
    public void DirectRoute_GivesThePackedRoutesBits(int m, int n, int k, double beta) =>
        DirectMatchesPacked<double>(m, n, k, beta);

    [TestCase(64, 64, 64, 0.0)]
    [TestCase(48, 32, 100, 0.5)]
    [TestCase(8, 32, 256, 1.0)]
    [TestCase(120, 96, 7, 0.0)]
    public void DirectRoute_GivesThePackedRoutesBits_InFloat32(int m, int n, int k, double beta) =>
        DirectMatchesPacked<float>(m, n, k, beta);

    private static void DirectMatchesPacked<T>(int m, int n, int k, double beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!Gemm.IsAccelerated(GemmKernelKind.Vector512))
        {
            Assert.Ignore("Vector512 is not accelerated on this machine.");
        }

        GemmBlocks blocks = GemmBlocking.For<T>(GemmKernelKind.Vector512);
        Assert.That(GemmPlanner.IsDirect(blocks, GemmKernelKind.Vector512, Transpose.None, Transpose.None, m, n, k), Is.True);
        var rng = new System.Random(m + (31 * n) + (977 * k));
        T[] a = Fill<T>(rng, m * k);
        T[] b = Fill<T>(rng, k * n);
        T[] c0 = Fill<T>(rng, m * n);
        T[] direct = (T[])c0.Clone();
        T[] packed = (T[])c0.Clone();
        T alpha = T.CreateTruncating(1.5), b2 = T.CreateTruncating(beta);
        Gemm.Multiply(GemmOptions.Force(GemmKernelKind.Vector512, GemmRoute.Direct), Transpose.None, Transpose.None,
            m, n, k, alpha, a, k, b, n, b2, direct, n);
        Gemm.Multiply(GemmOptions.Force(GemmKernelKind.Vector512, GemmRoute.Packed), Transpose.None, Transpose.None,
            m, n, k, alpha, a, k, b, n, b2, packed, n);

        Assert.That(GemmOperands.Bits(direct), Is.EqualTo(GemmOperands.Bits(packed)), $"{typeof(T).Name} {m}×{n}×{k}, β = {beta}");
    }

    private static T[] Fill<T>(System.Random rng, int count)
        where T : INumberBase<T>
    {
        var x = new T[count];
        for (int i = 0; i < count; i++)
        {
            x[i] = T.CreateTruncating((rng.NextDouble() * 2.0) - 1.0);
        }

        return x;
    }
}
