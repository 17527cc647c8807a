using System.Diagnostics;
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
    public static void Run<TKernel>(Transpose transA, Transpose transB, int m, int n, int k, double alpha,
        double* a, nint lda, double* b, nint ldb, double beta, double* c, nint ldc, GemmWorkspace workspace)
        where TKernel : struct, IMicroKernel
    {
        Debug.Assert(m > 0 && n > 0 && k > 0);
        int mr = TKernel.MR;
        int nr = TKernel.NR;

        // Equal k blocks of at most KC: the blocking depends on k alone, so every element of C gets the same
        // partial sums whatever the thread split, and no block is a sliver (k = KC + 1 gives two halves, not KC + 1).
        int kBlocks = (k + GemmBlocking.KC - 1) / GemmBlocking.KC;
        int kcMax = (k + kBlocks - 1) / kBlocks;
        int ncMax = Math.Min(GemmBlocking.NC, RoundUp(n, nr));
        int mcMax = Math.Min(GemmBlocking.MC, RoundUp(m, mr));
        workspace.EnsureA((nuint)mcMax * (nuint)kcMax);
        workspace.EnsureB((nuint)ncMax * (nuint)kcMax);
        double* packedA = workspace.A;
        double* packedB = workspace.B;
        double* tile = workspace.Tile;

        for (int jc = 0; jc < n; jc += GemmBlocking.NC)
        {
            int nc = Math.Min(GemmBlocking.NC, n - jc);
            for (int pc = 0; pc < k; pc += kcMax)
            {
                int kc = Math.Min(kcMax, k - pc);

                // β applies once, with the first k block; later blocks accumulate onto what is there.
                double betaBlock = pc == 0 ? beta : 1.0;
                double* bBlock = transB == Transpose.None ? b + (pc * ldb) + jc : b + (jc * ldb) + pc;
                GemmPacking.PackB(transB, kc, nc, bBlock, ldb, packedB, nr);

                for (int ic = 0; ic < m; ic += GemmBlocking.MC)
                {
                    int mc = Math.Min(GemmBlocking.MC, m - ic);
                    double* aBlock = transA == Transpose.None ? a + (ic * lda) + pc : a + (pc * lda) + ic;
                    GemmPacking.PackA(transA, mc, kc, aBlock, lda, packedA, mr);
                    MacroKernel<TKernel>(mc, nc, kc, alpha, packedA, packedB, betaBlock, c + (ic * ldc) + jc, ldc, tile);
                }
            }
        }
    }

    /// <summary>The two inner loops: every MR×NR tile of one packed MC×KC block of A times a KC×NC panel of B.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MacroKernel<TKernel>(int mc, int nc, int kc, double alpha, double* packedA, double* packedB,
        double beta, double* c, nint ldc, double* tile)
        where TKernel : struct, IMicroKernel
    {
        int mr = TKernel.MR;
        int nr = TKernel.NR;
        for (int jr = 0; jr < nc; jr += nr)
        {
            // The B strip stays in L1 while every A strip of the block streams past it from L2.
            double* bStrip = packedB + (jr * kc);
            int cols = Math.Min(nr, nc - jr);
            for (int ir = 0; ir < mc; ir += mr)
            {
                double* aStrip = packedA + (ir * kc);
                double* cTile = c + (ir * ldc) + jr;
                int rows = Math.Min(mr, mc - ir);
                if (rows == mr && cols == nr)
                {
                    TKernel.Run(kc, aStrip, bStrip, cTile, ldc, alpha, beta);
                }
                else
                {
                    // A partial tile: the kernel writes the raw products to the scratch tile, and only the live part
                    // is merged, with the same α·ab + β·c operations the kernel would have used.
                    TKernel.Run(kc, aStrip, bStrip, tile, nr, 1.0, 0.0);
                    MergeTile(rows, cols, tile, nr, alpha, beta, cTile, ldc);
                }
            }
        }
    }

    private static void MergeTile(int rows, int cols, double* tile, int ldt, double alpha, double beta, double* c,
        nint ldc)
    {
        for (int r = 0; r < rows; r++)
        {
            double* t = tile + (r * ldt);
            double* cRow = c + (r * ldc);
            if (beta == 0.0)
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
