using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TinyTensor.Kernels.Gemm;

/// <summary>
/// The route for products whose C is thin in n (n &lt; <see cref="GemmBlocking.ThinDimension"/>: a classifier's
/// output layer, (128×256)·(256×10) and its weight gradient (128×256)ᵀ·(128×10)) but too big for the small path.
/// Vectorised along m, not n: a 16×cols tile of C lives in 2·cols zmm accumulators, each a column segment of 8 rows,
/// so every FMA lane is useful whatever n is (a row-vectorised 16-wide tile would waste 6 of 16 lanes at n = 10).
/// Each step p loads 16 values of op(A)'s column p and broadcasts cols values of op(B)'s row p.
/// </summary>
/// <remarks>
/// Aᵀ·B reads op(A)'s column straight from the stored A (a row of it); A·B first copies each 16-row strip of A
/// k-major (<see cref="GemmPacking.PackA"/>, the packed route's layout with MR = 16). A·Bᵀ copies Bᵀ once, as the
/// small path does. Each element of C is one FMA chain over p from 0, then α·ab (+ β·c, multiply then add), whatever
/// tile or thread computes it, so 1 and 2 threads give the same bits.
/// </remarks>
internal static unsafe class GemmThin
{
    /// <summary>Rows of C per tile (two zmm); a thread split gives each part whole tiles.</summary>
    public const int Rows = 16;

    /// <summary>Columns of C per tile: 2·12 = 24 accumulators + 2 A vectors + 1 broadcast fit the 32 zmm.</summary>
    private const int MaxCols = 12;

    /// <summary>Whether a product the small route would take goes here instead.</summary>
    public static bool Applies(GemmKernelKind kind, int m, int n, int k) =>
        kind == GemmKernelKind.Vector512 && n < GemmBlocking.ThinDimension
        && (long)m * n * k > GemmBlocking.SmallProductLimit;

    /// <summary>C (m, n) = α·op(A)·op(B) + β·C; pointers at element (0, 0) of the stored matrices.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(Transpose transA, Transpose transB, int m, int n, int k, double alpha, double* a, nint lda,
        double* b, nint ldb, double beta, double* c, nint ldc)
    {
        Debug.Assert(m > 0 && n > 0 && k > 0);
        GemmWorkspace workspace = GemmWorkspace.Current;
        if (transB == Transpose.Transposed)
        {
            workspace.EnsureB((nuint)k * (nuint)n);
            double* bt = workspace.B;
            for (int j = 0; j < n; j++)
            {
                double* src = b + (j * ldb);
                for (int p = 0; p < k; p++)
                {
                    bt[(p * n) + j] = src[p];
                }
            }

            b = bt;
            ldb = n;
        }

        workspace.EnsureA((nuint)Rows * (nuint)k);
        double* packed = workspace.A;
        double* tile = stackalloc double[Rows * MaxCols];
        for (int i = 0; i < m; i += Rows)
        {
            int rows = Math.Min(Rows, m - i);
            double* strip;
            nint stride;
            if (transA == Transpose.Transposed && rows == Rows)
            {
                strip = a + i;
                stride = lda;
            }
            else
            {
                // Zero-padded when rows < 16, so the kernel never reads past A.
                GemmPacking.PackA(transA, rows, k, transA == Transpose.None ? a + (i * lda) : a + i, lda, packed, Rows);
                strip = packed;
                stride = Rows;
            }

            for (int j = 0; j < n; j += MaxCols)
            {
                int cols = Math.Min(MaxCols, n - j);
                double* bCols = b + j;
                switch (cols)
                {
                    case 1: Kernel<C1>(k, strip, stride, bCols, ldb, tile); break;
                    case 2: Kernel<C2>(k, strip, stride, bCols, ldb, tile); break;
                    case 3: Kernel<C3>(k, strip, stride, bCols, ldb, tile); break;
                    case 4: Kernel<C4>(k, strip, stride, bCols, ldb, tile); break;
                    case 5: Kernel<C5>(k, strip, stride, bCols, ldb, tile); break;
                    case 6: Kernel<C6>(k, strip, stride, bCols, ldb, tile); break;
                    case 7: Kernel<C7>(k, strip, stride, bCols, ldb, tile); break;
                    case 8: Kernel<C8>(k, strip, stride, bCols, ldb, tile); break;
                    case 9: Kernel<C9>(k, strip, stride, bCols, ldb, tile); break;
                    case 10: Kernel<C10>(k, strip, stride, bCols, ldb, tile); break;
                    case 11: Kernel<C11>(k, strip, stride, bCols, ldb, tile); break;
                    default: Kernel<C12>(k, strip, stride, bCols, ldb, tile); break;
                }

                Merge(rows, cols, tile, alpha, beta, c + (i * ldc) + j, ldc);
            }
        }
    }

    /// <summary>C[r, j] = α·tile[j·16 + r] (+ β·C[r, j]): the column-major tile written back into row-major C.</summary>
    private static void Merge(int rows, int cols, double* tile, double alpha, double beta, double* c, nint ldc)
    {
        for (int r = 0; r < rows; r++)
        {
            double* cRow = c + (r * ldc);
            double* t = tile + r;
            if (beta == 0.0)
            {
                for (int j = 0; j < cols; j++)
                {
                    cRow[j] = alpha * t[j * Rows];
                }
            }
            else
            {
                for (int j = 0; j < cols; j++)
                {
                    cRow[j] = (alpha * t[j * Rows]) + (beta * cRow[j]);
                }
            }
        }
    }

    /// <summary>
    /// tile[j·16 + r] = Σp a[p·aStride + r]·b[p·ldb + j] for r &lt; 16, j &lt; TCols.N. The column count is a type
    /// so each instantiation keeps only its live accumulators (the unused branches fold away).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel<TCols>(int k, double* a, nint aStride, double* b, nint ldb, double* tile)
        where TCols : struct, IColumnCount
    {
        int n = TCols.N;
        Vector512<double> l0 = default, h0 = default, l1 = default, h1 = default, l2 = default, h2 = default;
        Vector512<double> l3 = default, h3 = default, l4 = default, h4 = default, l5 = default, h5 = default;
        Vector512<double> l6 = default, h6 = default, l7 = default, h7 = default, l8 = default, h8 = default;
        Vector512<double> l9 = default, h9 = default, l10 = default, h10 = default, l11 = default, h11 = default;
        for (int p = 0; p < k; p++)
        {
            Vector512<double> al = Vector512.Load(a);
            Vector512<double> ah = Vector512.Load(a + 8);
            Vector512<double> bv = Vector512.Create(b[0]);
            l0 = Vector512.FusedMultiplyAdd(al, bv, l0);
            h0 = Vector512.FusedMultiplyAdd(ah, bv, h0);
            if (n > 1)
            {
                bv = Vector512.Create(b[1]);
                l1 = Vector512.FusedMultiplyAdd(al, bv, l1);
                h1 = Vector512.FusedMultiplyAdd(ah, bv, h1);
            }

            if (n > 2)
            {
                bv = Vector512.Create(b[2]);
                l2 = Vector512.FusedMultiplyAdd(al, bv, l2);
                h2 = Vector512.FusedMultiplyAdd(ah, bv, h2);
            }

            if (n > 3)
            {
                bv = Vector512.Create(b[3]);
                l3 = Vector512.FusedMultiplyAdd(al, bv, l3);
                h3 = Vector512.FusedMultiplyAdd(ah, bv, h3);
            }

            if (n > 4)
            {
                bv = Vector512.Create(b[4]);
                l4 = Vector512.FusedMultiplyAdd(al, bv, l4);
                h4 = Vector512.FusedMultiplyAdd(ah, bv, h4);
            }

            if (n > 5)
            {
                bv = Vector512.Create(b[5]);
                l5 = Vector512.FusedMultiplyAdd(al, bv, l5);
                h5 = Vector512.FusedMultiplyAdd(ah, bv, h5);
            }

            if (n > 6)
            {
                bv = Vector512.Create(b[6]);
                l6 = Vector512.FusedMultiplyAdd(al, bv, l6);
                h6 = Vector512.FusedMultiplyAdd(ah, bv, h6);
            }

            if (n > 7)
            {
                bv = Vector512.Create(b[7]);
                l7 = Vector512.FusedMultiplyAdd(al, bv, l7);
                h7 = Vector512.FusedMultiplyAdd(ah, bv, h7);
            }

            if (n > 8)
            {
                bv = Vector512.Create(b[8]);
                l8 = Vector512.FusedMultiplyAdd(al, bv, l8);
                h8 = Vector512.FusedMultiplyAdd(ah, bv, h8);
            }

            if (n > 9)
            {
                bv = Vector512.Create(b[9]);
                l9 = Vector512.FusedMultiplyAdd(al, bv, l9);
                h9 = Vector512.FusedMultiplyAdd(ah, bv, h9);
            }

            if (n > 10)
            {
                bv = Vector512.Create(b[10]);
                l10 = Vector512.FusedMultiplyAdd(al, bv, l10);
                h10 = Vector512.FusedMultiplyAdd(ah, bv, h10);
            }

            if (n > 11)
            {
                bv = Vector512.Create(b[11]);
                l11 = Vector512.FusedMultiplyAdd(al, bv, l11);
                h11 = Vector512.FusedMultiplyAdd(ah, bv, h11);
            }

            a += aStride;
            b += ldb;
        }

        l0.Store(tile);
        h0.Store(tile + 8);
        if (n > 1)
        {
            l1.Store(tile + 16);
            h1.Store(tile + 24);
        }

        if (n > 2)
        {
            l2.Store(tile + 32);
            h2.Store(tile + 40);
        }

        if (n > 3)
        {
            l3.Store(tile + 48);
            h3.Store(tile + 56);
        }

        if (n > 4)
        {
            l4.Store(tile + 64);
            h4.Store(tile + 72);
        }

        if (n > 5)
        {
            l5.Store(tile + 80);
            h5.Store(tile + 88);
        }

        if (n > 6)
        {
            l6.Store(tile + 96);
            h6.Store(tile + 104);
        }

        if (n > 7)
        {
            l7.Store(tile + 112);
            h7.Store(tile + 120);
        }

        if (n > 8)
        {
            l8.Store(tile + 128);
            h8.Store(tile + 136);
        }

        if (n > 9)
        {
            l9.Store(tile + 144);
            h9.Store(tile + 152);
        }

        if (n > 10)
        {
            l10.Store(tile + 160);
            h10.Store(tile + 168);
        }

        if (n > 11)
        {
            l11.Store(tile + 176);
            h11.Store(tile + 184);
        }
    }

    /// <summary>A column count known to the JIT: one struct per count.</summary>
    private interface IColumnCount
    {
        static abstract int N { get; }
    }

    private readonly struct C1 : IColumnCount { public static int N => 1; }
    private readonly struct C2 : IColumnCount { public static int N => 2; }
    private readonly struct C3 : IColumnCount { public static int N => 3; }
    private readonly struct C4 : IColumnCount { public static int N => 4; }
    private readonly struct C5 : IColumnCount { public static int N => 5; }
    private readonly struct C6 : IColumnCount { public static int N => 6; }
    private readonly struct C7 : IColumnCount { public static int N => 7; }
    private readonly struct C8 : IColumnCount { public static int N => 8; }
    private readonly struct C9 : IColumnCount { public static int N => 9; }
    private readonly struct C10 : IColumnCount { public static int N => 10; }
    private readonly struct C11 : IColumnCount { public static int N => 11; }
    private readonly struct C12 : IColumnCount { public static int N => 12; }
}
