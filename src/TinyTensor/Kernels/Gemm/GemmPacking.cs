using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace TinyTensor.Kernels.Gemm;

/// <summary>
/// Copies blocks of op(A) and op(B) into the micro-panel layout the micro-kernels stream through, zero-padding the
/// last strip so the kernels never see a partial tile. The transposition is absorbed here: each form reads the
/// stored matrix in the order that keeps its reads sequential, so no transposed copy of a whole operand is made.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// Packs op(A)[0..mc, 0..kc] (rows i, depth p) into ⌈mc/mr⌉ strips; strip s holds rows s·mr.. as
    /// dst[s·mr·kc + p·mr + r]. <c>a</c> points at op(A)'s element (0, 0): NN stores A as (m, k), TN as (k, m).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA(Transpose transA, int mc, int kc, double* a, nint lda, double* dst, int mr)
    {
        Debug.Assert(mc > 0 && kc > 0);
        for (int i0 = 0; i0 < mc; i0 += mr, dst += mr * kc)
        {
            int rows = Math.Min(mr, mc - i0);
            if (transA == Transpose.None)
            {
                // Each row of the strip is contiguous in A: read it in one sequential sweep, scatter with stride mr
                // into the strip, which is small enough (mr·kc doubles) to stay in L1 while it fills.
                for (int r = 0; r < rows; r++)
                {
                    double* src = a + ((i0 + r) * lda);
                    double* d = dst + r;
                    for (int p = 0; p < kc; p++)
                    {
                        d[p * mr] = src[p];
                    }
                }
            }
            else
            {
                // op(A)[i, p] = A[p, i]: for each p the strip's rows are contiguous; k outermost, a straight copy.
                double* src = a + i0;
                for (int p = 0; p < kc; p++)
                {
                    new ReadOnlySpan<double>(src + (p * lda), rows).CopyTo(new Span<double>(dst + (p * mr), rows));
                }
            }

            if (rows < mr)
            {
                for (int p = 0; p < kc; p++)
                {
                    new Span<double>(dst + (p * mr) + rows, mr - rows).Clear();
                }
            }
        }
    }

    /// <summary>
    /// Packs op(B)[0..kc, 0..nc] (depth p, columns j) into ⌈nc/nr⌉ strips; strip s holds columns s·nr.. as
    /// dst[s·nr·kc + p·nr + j]. <c>b</c> points at op(B)'s element (0, 0): NN stores B as (k, n), NT as (n, k).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB(Transpose transB, int kc, int nc, double* b, nint ldb, double* dst, int nr)
    {
        Debug.Assert(kc > 0 && nc > 0);
        int strips = (nc + nr - 1) / nr;
        int fullStrips = nc / nr;
        int tail = nc - (fullStrips * nr);
        nint stripSize = (nint)nr * kc;
        if (transB == Transpose.None)
        {
            // Row by row: each row of B is read once, sequentially, and dealt out nr values to each strip.
            for (int p = 0; p < kc; p++)
            {
                double* src = b + (p * ldb);
                double* d = dst + (p * nr);
                for (int s = 0; s < fullStrips; s++, src += nr, d += stripSize)
                {
                    new ReadOnlySpan<double>(src, nr).CopyTo(new Span<double>(d, nr));
                }

                if (tail > 0)
                {
                    new ReadOnlySpan<double>(src, tail).CopyTo(new Span<double>(d, tail));
                    new Span<double>(d + tail, nr - tail).Clear();
                }
            }
        }
        else
        {
            // op(B)[p, j] = B[j, p]: each column of the strip is a contiguous row of the stored B; read it in one
            // sweep and scatter with stride nr into the strip (nr·kc doubles, L1-resident while it fills).
            for (int s = 0; s < strips; s++)
            {
                double* d = dst + (s * stripSize);
                int cols = Math.Min(nr, nc - (s * nr));
                for (int j = 0; j < cols; j++)
                {
                    double* src = b + (((s * nr) + j) * ldb);
                    for (int p = 0; p < kc; p++)
                    {
                        d[(p * nr) + j] = src[p];
                    }
                }

                if (cols < nr)
                {
                    for (int p = 0; p < kc; p++)
                    {
                        new Span<double>(d + (p * nr) + cols, nr - cols).Clear();
                    }
                }
            }
        }
    }
}
