using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace TinyTensor.Kernels.Gemm;

/// <summary>
/// The packed path: BLIS's five loops around a micro-kernel, on one thread, for one block of C. Multi-threading
/// hands each thread its own block of C (split over m or n, never k) and calls this once per thread.
/// </summary>
internal static unsafe class GemmPacked
{
    /// <summary>
    /// C = α·op(A)·op(B) + β·C for C (m, n); <paramref name="a"/>, <paramref name="b"/>, <paramref name="c"/>
    /// point at the block's element (0, 0) of op(A), op(B) and C in the stored matrices.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T, TKernel>(in GemmBlocks blocks, Transpose transA, Transpose transB, int m, int n, int k,
        T alpha, T* a, nint lda, T* b, nint ldb, T beta, T* c, nint ldc, GemmWorkspace workspace)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TKernel : struct, IMicroKernel<T>
    {
        Debug.Assert(blocks.MR == TKernel.MR && blocks.NR == TKernel.NR);
        int kcBlock = blocks.KC;
        int mcBlock = blocks.MC;
        int ncBlock = blocks.NC;
        Debug.Assert(m > 0 && n > 0 && k > 0);
        int mr = TKernel.MR;
        int nr = TKernel.NR;

        // Equal k blocks of at most KC: the blocking depends on k alone, so every element of C gets the same
        // partial sums whatever the thread split, and no block is a sliver (k = KC + 1 gives two halves, not KC + 1).
        int kBlocks = (k + kcBlock - 1) / kcBlock;
        int kcMax = (k + kBlocks - 1) / kBlocks;
        int ncMax = Math.Min(ncBlock, RoundUp(n, nr));
        int mcMax = Math.Min(mcBlock, RoundUp(m, mr));
        T* packedA = workspace.EnsureA<T>((nuint)mcMax * (nuint)kcMax);
        T* packedB = workspace.EnsureB<T>((nuint)ncMax * (nuint)kcMax);
        T* tile = workspace.Tile<T>();

        for (int jc = 0; jc < n; jc += ncBlock)
        {
            int nc = Math.Min(ncBlock, n - jc);
            for (int pc = 0; pc < k; pc += kcMax)
            {
                int kc = Math.Min(kcMax, k - pc);

                // β applies once, with the first k block; later blocks accumulate onto what is there.
                T betaBlock = pc == 0 ? beta : T.One;
                T* bBlock = transB == Transpose.None ? b + (pc * ldb) + jc : b + (jc * ldb) + pc;
                GemmPacking.PackB(transB, kc, nc, bBlock, ldb, packedB, nr);

                for (int ic = 0; ic < m; ic += mcBlock)
                {
                    int mc = Math.Min(mcBlock, m - ic);
                    T* aBlock = transA == Transpose.None ? a + (ic * lda) + pc : a + (pc * lda) + ic;
                    GemmPacking.PackA(transA, mc, kc, aBlock, lda, packedA, mr);
                    MacroKernel<T, TKernel>(mc, nc, kc, alpha, packedA, packedB, betaBlock, c + (ic * ldc) + jc, ldc, tile);
                }
            }
        }
    }

    /// <summary>The two inner loops: every MR×NR tile of one packed MC×KC block of A times a KC×NC panel of B.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MacroKernel<T, TKernel>(int mc, int nc, int kc, T alpha, T* packedA, T* packedB,
        T beta, T* c, nint ldc, T* tile)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TKernel : struct, IMicroKernel<T>
    {
        int mr = TKernel.MR;
        int nr = TKernel.NR;
        for (int jr = 0; jr < nc; jr += nr)
        {
            // The B strip stays in L1 while every A strip of the block streams past it from L2.
            T* bStrip = packedB + (jr * kc);
            int cols = Math.Min(nr, nc - jr);
            for (int ir = 0; ir < mc; ir += mr)
            {
                T* aStrip = packedA + (ir * kc);
                T* cTile = c + (ir * ldc) + jr;
                int rows = Math.Min(mr, mc - ir);
                if (rows == mr && cols == nr)
                {
                    TKernel.Run(kc, aStrip, bStrip, cTile, ldc, alpha, beta);
                }
                else
                {
                    // A partial tile: the kernel writes the raw products to the scratch tile, and only the live part
                    // is merged, with the same α·ab + β·c operations the kernel would have used.
                    TKernel.Run(kc, aStrip, bStrip, tile, nr, T.One, T.Zero);
                    MergeTile(rows, cols, tile, nr, alpha, beta, cTile, ldc);
                }
            }
        }
    }

    private static void MergeTile<T>(int rows, int cols, T* tile, int ldt, T alpha, T beta, T* c, nint ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
        {
            T* t = tile + (r * ldt);
            T* cRow = c + (r * ldc);
            if (beta == T.Zero)
            {
                for (int j = 0; j < cols; j++)
                {
                    cRow[j] = alpha * t[j];
                }
            }
            else
            {
                for (int j = 0; j < cols; j++)
                {
                    cRow[j] = (alpha * t[j]) + (beta * cRow[j]);
                }
            }
        }
    }

    private static int RoundUp(int x, int multiple) => (x + multiple - 1) / multiple * multiple;
}
