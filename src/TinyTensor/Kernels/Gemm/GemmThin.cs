using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
        if (transA == Transpose.None)
        {
            // A's rows are contiguous in k: dot products of them with op(B)'s columns, which A·Bᵀ stores as rows
            // and A·B gets from a transposed copy of B (n·k values, small: n is thin).
            double* bt = b;
            nint ldbt = ldb;
            if (transB == Transpose.None)
            {
                // Rows one cache line apart modulo 4 KiB: with a power-of-two k they would all map to the same
                // L1 sets as each other and as A's rows, and evict one another.
                ldbt = ((k + 7) & ~7) + 8;
                workspace.EnsureB((nuint)ldbt * (nuint)n);
                bt = workspace.B;
                GemmPacking.Transposed(b, ldb, k, n, bt, ldbt);
            }

            RunDot(m, n, k, alpha, a, lda, bt, ldbt, beta, c, ldc);
            return;
        }

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
                    case 1: Kernel<C1>(k, alpha, strip, stride, bCols, ldb, tile); break;
                    case 2: Kernel<C2>(k, alpha, strip, stride, bCols, ldb, tile); break;
                    case 3: Kernel<C3>(k, alpha, strip, stride, bCols, ldb, tile); break;
                    case 4: Kernel<C4>(k, alpha, strip, stride, bCols, ldb, tile); break;
                    case 5: Kernel<C5>(k, alpha, strip, stride, bCols, ldb, tile); break;
                    case 6: Kernel<C6>(k, alpha, strip, stride, bCols, ldb, tile); break;
                    case 7: Kernel<C7>(k, alpha, strip, stride, bCols, ldb, tile); break;
                    case 8: Kernel<C8>(k, alpha, strip, stride, bCols, ldb, tile); break;
                    case 9: Kernel<C9>(k, alpha, strip, stride, bCols, ldb, tile); break;
                    case 10: Kernel<C10>(k, alpha, strip, stride, bCols, ldb, tile); break;
                    case 11: Kernel<C11>(k, alpha, strip, stride, bCols, ldb, tile); break;
                    default: Kernel<C12>(k, alpha, strip, stride, bCols, ldb, tile); break;
                }

                Merge(rows, cols, tile, beta, c + (i * ldc) + j, ldc);
            }
        }
    }

    /// <summary>Rows of C per dot-product tile.</summary>
    private const int DotRows = 4;

    /// <summary>Columns of C per dot-product tile: 4·5 = 20 accumulators + 4 A vectors + 1 B vector.</summary>
    private const int DotCols = 5;

    /// <summary>
    /// A·op(B) with A's rows contiguous: C[i, j] = dot(A[i, :], Bt[j, :]), a 4×5 tile of dot products at a time,
    /// each summed in 8 lanes over k (then the lanes, then the k mod 8 tail as scalar FMAs): no copy of A at all.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunDot(int m, int n, int k, double alpha, double* a, nint lda, double* bt, nint ldbt,
        double beta, double* c, nint ldc)
    {
        double* tile = stackalloc double[DotRows * DotCols];
        for (int i = 0; i < m; i += DotRows)
        {
            int rows = Math.Min(DotRows, m - i);

            // Missing rows of a partial tile repeat the last real row; their results are not stored.
            double* a0 = a + (i * lda);
            double* a1 = a + ((i + Math.Min(1, rows - 1)) * lda);
            double* a2 = a + ((i + Math.Min(2, rows - 1)) * lda);
            double* a3 = a + ((i + Math.Min(3, rows - 1)) * lda);
            for (int j = 0; j < n; j += DotCols)
            {
                int cols = Math.Min(DotCols, n - j);
                double* b = bt + (j * ldbt);
                switch (cols)
                {
                    case 1: Dot<C1>(k, alpha, a0, a1, a2, a3, b, ldbt, tile); break;
                    case 2: Dot<C2>(k, alpha, a0, a1, a2, a3, b, ldbt, tile); break;
                    case 3: Dot<C3>(k, alpha, a0, a1, a2, a3, b, ldbt, tile); break;
                    case 4: Dot<C4>(k, alpha, a0, a1, a2, a3, b, ldbt, tile); break;
                    default: Dot<C5>(k, alpha, a0, a1, a2, a3, b, ldbt, tile); break;
                }

                // The tile already holds α·ab.
                double* cTile = c + (i * ldc) + j;
                if (beta == 0.0)
                {
                    for (int r = 0; r < rows; r++)
                    {
                        double* cRow = cTile + (r * ldc);
                        for (int q = 0; q < cols; q++)
                        {
                            cRow[q] = tile[(q * DotRows) + r];
                        }
                    }
                }
                else
                {
                    for (int r = 0; r < rows; r++)
                    {
                        double* cRow = cTile + (r * ldc);
                        for (int q = 0; q < cols; q++)
                        {
                            cRow[q] = tile[(q * DotRows) + r] + (beta * cRow[q]);
                        }
                    }
                }
            }
        }
    }

    /// <summary>tile[j·4 + r] = α·Σp a_r[p]·b[j·ldb + p] for r &lt; 4, j &lt; TCols.N.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot<TCols>(int k, double alpha, double* a0, double* a1, double* a2, double* a3, double* b, nint ldb,
        double* tile)
        where TCols : struct, IColumnCount
    {
        int n = TCols.N;
        double* b0 = b;
        double* b1 = b + ldb;
        double* b2 = b + (2 * ldb);
        double* b3 = b + (3 * ldb);
        double* b4 = b + (4 * ldb);
        Vector512<double> c00 = default, c10 = default, c20 = default, c30 = default;
        Vector512<double> c01 = default, c11 = default, c21 = default, c31 = default;
        Vector512<double> c02 = default, c12 = default, c22 = default, c32 = default;
        Vector512<double> c03 = default, c13 = default, c23 = default, c33 = default;
        Vector512<double> c04 = default, c14 = default, c24 = default, c34 = default;
        int p = 0;
        for (; p <= k - 8; p += 8)
        {
            Vector512<double> x0 = Vector512.Load(a0 + p);
            Vector512<double> x1 = Vector512.Load(a1 + p);
            Vector512<double> x2 = Vector512.Load(a2 + p);
            Vector512<double> x3 = Vector512.Load(a3 + p);
            Vector512<double> y = Vector512.Load(b0 + p);
            c00 = Vector512.FusedMultiplyAdd(x0, y, c00);
            c10 = Vector512.FusedMultiplyAdd(x1, y, c10);
            c20 = Vector512.FusedMultiplyAdd(x2, y, c20);
            c30 = Vector512.FusedMultiplyAdd(x3, y, c30);
            if (n > 1)
            {
                y = Vector512.Load(b1 + p);
                c01 = Vector512.FusedMultiplyAdd(x0, y, c01);
                c11 = Vector512.FusedMultiplyAdd(x1, y, c11);
                c21 = Vector512.FusedMultiplyAdd(x2, y, c21);
                c31 = Vector512.FusedMultiplyAdd(x3, y, c31);
            }

            if (n > 2)
            {
                y = Vector512.Load(b2 + p);
                c02 = Vector512.FusedMultiplyAdd(x0, y, c02);
                c12 = Vector512.FusedMultiplyAdd(x1, y, c12);
                c22 = Vector512.FusedMultiplyAdd(x2, y, c22);
                c32 = Vector512.FusedMultiplyAdd(x3, y, c32);
            }

            if (n > 3)
            {
                y = Vector512.Load(b3 + p);
                c03 = Vector512.FusedMultiplyAdd(x0, y, c03);
                c13 = Vector512.FusedMultiplyAdd(x1, y, c13);
                c23 = Vector512.FusedMultiplyAdd(x2, y, c23);
                c33 = Vector512.FusedMultiplyAdd(x3, y, c33);
            }

            if (n > 4)
            {
                y = Vector512.Load(b4 + p);
                c04 = Vector512.FusedMultiplyAdd(x0, y, c04);
                c14 = Vector512.FusedMultiplyAdd(x1, y, c14);
                c24 = Vector512.FusedMultiplyAdd(x2, y, c24);
                c34 = Vector512.FusedMultiplyAdd(x3, y, c34);
            }
        }

        Finish(c00, c10, c20, c30, a0, a1, a2, a3, b0, p, k, alpha, tile);
        if (n > 1)
        {
            Finish(c01, c11, c21, c31, a0, a1, a2, a3, b1, p, k, alpha, tile + 4);
        }

        if (n > 2)
        {
            Finish(c02, c12, c22, c32, a0, a1, a2, a3, b2, p, k, alpha, tile + 8);
        }

        if (n > 3)
        {
            Finish(c03, c13, c23, c33, a0, a1, a2, a3, b3, p, k, alpha, tile + 12);
        }

        if (n > 4)
        {
            Finish(c04, c14, c24, c34, a0, a1, a2, a3, b4, p, k, alpha, tile + 16);
        }
    }

    /// <summary>
    /// tile[0..4] = the lane sums of v0..v3 (one column, four rows), then the k mod 8 tail as FMAs, times α. One transposing
    /// reduction for the four: 13 instructions where four <see cref="Vector512.Sum{T}(Vector512{T})"/> take 72.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish(Vector512<double> v0, Vector512<double> v1, Vector512<double> v2, Vector512<double> v3,
        double* a0, double* a1, double* a2, double* a3, double* b, int p, int k, double alpha, double* tile)
    {
        Vector256<double> sums;
        if (Avx.IsSupported)
        {
            Vector256<double> w0 = v0.GetLower() + v0.GetUpper();
            Vector256<double> w1 = v1.GetLower() + v1.GetUpper();
            Vector256<double> w2 = v2.GetLower() + v2.GetUpper();
            Vector256<double> w3 = v3.GetLower() + v3.GetUpper();
            Vector256<double> t0 = Avx.HorizontalAdd(w0, w1); // w0₀+w0₁, w1₀+w1₁, w0₂+w0₃, w1₂+w1₃
            Vector256<double> t1 = Avx.HorizontalAdd(w2, w3);
            sums = Avx.Permute2x128(t0, t1, 0x20) + Avx.Permute2x128(t0, t1, 0x31);
        }
        else
        {
            sums = Vector256.Create(Vector512.Sum(v0), Vector512.Sum(v1), Vector512.Sum(v2), Vector512.Sum(v3));
        }

        for (; p < k; p++)
        {
            sums = Vector256.FusedMultiplyAdd(Vector256.Create(a0[p], a1[p], a2[p], a3[p]), Vector256.Create(b[p]), sums);
        }

        (Vector256.Create(alpha) * sums).Store(tile);
    }

    /// <summary>C[r, j] = tile[j·16 + r] (+ β·C[r, j]): the column-major tile of α·ab written back into row-major C.</summary>
    private static void Merge(int rows, int cols, double* tile, double beta, double* c, nint ldc)
    {
        for (int r = 0; r < rows; r++)
        {
            double* cRow = c + (r * ldc);
            double* t = tile + r;
            if (beta == 0.0)
            {
                for (int j = 0; j < cols; j++)
                {
                    cRow[j] = t[j * Rows];
                }
            }
            else
            {
                for (int j = 0; j < cols; j++)
                {
                    cRow[j] = t[j * Rows] + (beta * cRow[j]);
                }
            }
        }
    }

    /// <summary>
    /// tile[j·16 + r] = α·Σp a[p·aStride + r]·b[p·ldb + j] for r &lt; 16, j &lt; TCols.N. The column count is a type
    /// so each instantiation keeps only its live accumulators (the unused branches fold away).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel<TCols>(int k, double alpha, double* a, nint aStride, double* b, nint ldb, double* tile)
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

        var va = Vector512.Create(alpha);
        (va * l0).Store(tile);
        (va * h0).Store(tile + 8);
        if (n > 1)
        {
            (va * l1).Store(tile + 16);
            (va * h1).Store(tile + 24);
        }

        if (n > 2)
        {
            (va * l2).Store(tile + 32);
            (va * h2).Store(tile + 40);
        }

        if (n > 3)
        {
            (va * l3).Store(tile + 48);
            (va * h3).Store(tile + 56);
        }

        if (n > 4)
        {
            (va * l4).Store(tile + 64);
            (va * h4).Store(tile + 72);
        }

        if (n > 5)
        {
            (va * l5).Store(tile + 80);
            (va * h5).Store(tile + 88);
        }

        if (n > 6)
        {
            (va * l6).Store(tile + 96);
            (va * h6).Store(tile + 104);
        }

        if (n > 7)
        {
            (va * l7).Store(tile + 112);
            (va * h7).Store(tile + 120);
        }

        if (n > 8)
        {
            (va * l8).Store(tile + 128);
            (va * h8).Store(tile + 136);
        }

        if (n > 9)
        {
            (va * l9).Store(tile + 144);
            (va * h9).Store(tile + 152);
        }

        if (n > 10)
        {
            (va * l10).Store(tile + 160);
            (va * h10).Store(tile + 168);
        }

        if (n > 11)
        {
            (va * l11).Store(tile + 176);
            (va * h11).Store(tile + 184);
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
