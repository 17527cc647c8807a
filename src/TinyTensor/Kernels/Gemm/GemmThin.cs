using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TinyTensor.Kernels.Gemm;

/// <summary>
/// The route for products whose C is thin in n (n &lt; <see cref="GemmBlocking.ThinDimension"/>: a classifier's
/// output layer, (128×256)·(256×10) and its weight gradient (128×256)ᵀ·(128×10)) but too big for the small path.
/// Vectorised along m, not n: a (2·W)×cols tile of C (W = <c>Vector512&lt;T&gt;.Count</c>: 16 rows in float64, 32 in
/// float32) lives in 2·cols zmm accumulators, each a column segment of W rows,
/// so every FMA lane is useful whatever n is (a row-vectorised 16-wide tile would waste 6 of 16 lanes at n = 10).
/// Each step p loads 2·W values of op(A)'s column p and broadcasts cols values of op(B)'s row p.
/// </summary>
/// <remarks>
/// Aᵀ·B reads op(A)'s column straight from the stored A (a row of it); A·B first copies each 16-row strip of A
/// k-major (<see cref="GemmPacking.PackA"/>, the packed route's layout with MR = 2·W). A·Bᵀ copies Bᵀ once, as the
/// small path does. Each element of C is one FMA chain over p from 0, then α·ab (+ β·c, multiply then add), whatever
/// tile or thread computes it, so 1 and 2 threads give the same bits.
/// </remarks>
internal static unsafe class GemmThin
{
    /// <summary>Rows of C per tile (two zmm of <typeparamref name="T"/>); a thread split gives each part whole tiles.</summary>
    public static int Rows<T>() => 2 * Vector512<T>.Count;

    /// <summary>Columns of C per tile: 2·12 = 24 accumulators + 2 A vectors + 1 broadcast fit the 32 zmm.</summary>
    private const int MaxCols = 12;

    /// <summary>C (m, n) = α·op(A)·op(B) + β·C; pointers at element (0, 0) of the stored matrices.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(Transpose transA, Transpose transB, int m, int n, int k, T alpha, T* a, nint lda,
        T* b, nint ldb, T beta, T* c, nint ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rowsPerTile = Rows<T>();
        Debug.Assert(m > 0 && n > 0 && k > 0);
        GemmWorkspace workspace = GemmWorkspace.Current;
        if (transA == Transpose.None)
        {
            // A's rows are contiguous in k: dot products of them with op(B)'s columns, which A·Bᵀ stores as rows
            // and A·B gets from a transposed copy of B (n·k values, small: n is thin).
            T* bt = b;
            nint ldbt = ldb;
            if (transB == Transpose.None)
            {
                // Rows one cache line apart modulo 4 KiB: with a power-of-two k they would all map to the same
                // L1 sets as each other and as A's rows, and evict one another.
                int line = 64 / sizeof(T);
                ldbt = ((k + line - 1) & ~(line - 1)) + line;
                bt = workspace.EnsureB<T>((nuint)ldbt * (nuint)n);
                GemmPacking.Transposed(b, ldb, k, n, bt, ldbt);
            }

            RunDot(m, n, k, alpha, a, lda, bt, ldbt, beta, c, ldc);
            return;
        }

        if (transB == Transpose.Transposed)
        {
            b = GemmSmall.CopyTransposed(b, ldb, k, n);
            ldb = n;
        }

        T* packed = workspace.EnsureA<T>((nuint)rowsPerTile * (nuint)k);
        T* tile = stackalloc T[rowsPerTile * MaxCols];
        for (int i = 0; i < m; i += rowsPerTile)
        {
            int rows = Math.Min(rowsPerTile, m - i);
            T* strip;
            nint stride;
            if (transA == Transpose.Transposed && rows == rowsPerTile)
            {
                strip = a + i;
                stride = lda;
            }
            else
            {
                // Zero-padded when rows < 2·W, so the kernel never reads past A.
                GemmPacking.PackA(transA, rows, k, transA == Transpose.None ? a + (i * lda) : a + i, lda, packed, rowsPerTile);
                strip = packed;
                stride = rowsPerTile;
            }

            for (int j = 0; j < n; j += MaxCols)
            {
                int cols = Math.Min(MaxCols, n - j);
                T* bCols = b + j;
                switch (cols)
                {
                    case 1: Kernel<T, C1>(k, alpha, strip, stride, bCols, ldb, tile); break;
                    case 2: Kernel<T, C2>(k, alpha, strip, stride, bCols, ldb, tile); break;
                    case 3: Kernel<T, C3>(k, alpha, strip, stride, bCols, ldb, tile); break;
                    case 4: Kernel<T, C4>(k, alpha, strip, stride, bCols, ldb, tile); break;
                    case 5: Kernel<T, C5>(k, alpha, strip, stride, bCols, ldb, tile); break;
                    case 6: Kernel<T, C6>(k, alpha, strip, stride, bCols, ldb, tile); break;
                    case 7: Kernel<T, C7>(k, alpha, strip, stride, bCols, ldb, tile); break;
                    case 8: Kernel<T, C8>(k, alpha, strip, stride, bCols, ldb, tile); break;
                    case 9: Kernel<T, C9>(k, alpha, strip, stride, bCols, ldb, tile); break;
                    case 10: Kernel<T, C10>(k, alpha, strip, stride, bCols, ldb, tile); break;
                    case 11: Kernel<T, C11>(k, alpha, strip, stride, bCols, ldb, tile); break;
                    default: Kernel<T, C12>(k, alpha, strip, stride, bCols, ldb, tile); break;
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
    private static void RunDot<T>(int m, int n, int k, T alpha, T* a, nint lda, T* bt, nint ldbt,
        T beta, T* c, nint ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T* tile = stackalloc T[DotRows * DotCols];
        for (int i = 0; i < m; i += DotRows)
        {
            int rows = Math.Min(DotRows, m - i);

            // Missing rows of a partial tile repeat the last real row; their results are not stored.
            T* a0 = a + (i * lda);
            T* a1 = a + ((i + Math.Min(1, rows - 1)) * lda);
            T* a2 = a + ((i + Math.Min(2, rows - 1)) * lda);
            T* a3 = a + ((i + Math.Min(3, rows - 1)) * lda);
            for (int j = 0; j < n; j += DotCols)
            {
                int cols = Math.Min(DotCols, n - j);
                T* b = bt + (j * ldbt);
                switch (cols)
                {
                    case 1: Dot<T, C1>(k, alpha, a0, a1, a2, a3, b, ldbt, tile); break;
                    case 2: Dot<T, C2>(k, alpha, a0, a1, a2, a3, b, ldbt, tile); break;
                    case 3: Dot<T, C3>(k, alpha, a0, a1, a2, a3, b, ldbt, tile); break;
                    case 4: Dot<T, C4>(k, alpha, a0, a1, a2, a3, b, ldbt, tile); break;
                    default: Dot<T, C5>(k, alpha, a0, a1, a2, a3, b, ldbt, tile); break;
                }

                // The tile already holds α·ab.
                T* cTile = c + (i * ldc) + j;
                if (beta == T.Zero)
                {
                    for (int r = 0; r < rows; r++)
                    {
                        T* cRow = cTile + (r * ldc);
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
                        T* cRow = cTile + (r * ldc);
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
    private static void Dot<T, TCols>(int k, T alpha, T* a0, T* a1, T* a2, T* a3, T* b, nint ldb, T* tile)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TCols : struct, IColumnCount
    {
        int n = TCols.N;
        int w = Vector512<T>.Count;
        T* b0 = b;
        T* b1 = b + ldb;
        T* b2 = b + (2 * ldb);
        T* b3 = b + (3 * ldb);
        T* b4 = b + (4 * ldb);
        Vector512<T> c00 = default, c10 = default, c20 = default, c30 = default;
        Vector512<T> c01 = default, c11 = default, c21 = default, c31 = default;
        Vector512<T> c02 = default, c12 = default, c22 = default, c32 = default;
        Vector512<T> c03 = default, c13 = default, c23 = default, c33 = default;
        Vector512<T> c04 = default, c14 = default, c24 = default, c34 = default;
        int p = 0;
        for (; p <= k - w; p += w)
        {
            Vector512<T> x0 = Vector512.Load(a0 + p);
            Vector512<T> x1 = Vector512.Load(a1 + p);
            Vector512<T> x2 = Vector512.Load(a2 + p);
            Vector512<T> x3 = Vector512.Load(a3 + p);
            Vector512<T> y = Vector512.Load(b0 + p);
            c00 = SimdFma.Fma(x0, y, c00);
            c10 = SimdFma.Fma(x1, y, c10);
            c20 = SimdFma.Fma(x2, y, c20);
            c30 = SimdFma.Fma(x3, y, c30);
            if (n > 1)
            {
                y = Vector512.Load(b1 + p);
                c01 = SimdFma.Fma(x0, y, c01);
                c11 = SimdFma.Fma(x1, y, c11);
                c21 = SimdFma.Fma(x2, y, c21);
                c31 = SimdFma.Fma(x3, y, c31);
            }

            if (n > 2)
            {
                y = Vector512.Load(b2 + p);
                c02 = SimdFma.Fma(x0, y, c02);
                c12 = SimdFma.Fma(x1, y, c12);
                c22 = SimdFma.Fma(x2, y, c22);
                c32 = SimdFma.Fma(x3, y, c32);
            }

            if (n > 3)
            {
                y = Vector512.Load(b3 + p);
                c03 = SimdFma.Fma(x0, y, c03);
                c13 = SimdFma.Fma(x1, y, c13);
                c23 = SimdFma.Fma(x2, y, c23);
                c33 = SimdFma.Fma(x3, y, c33);
            }

            if (n > 4)
            {
                y = Vector512.Load(b4 + p);
                c04 = SimdFma.Fma(x0, y, c04);
                c14 = SimdFma.Fma(x1, y, c14);
                c24 = SimdFma.Fma(x2, y, c24);
                c34 = SimdFma.Fma(x3, y, c34);
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
    /// tile[0..4] = the lane sums of v0..v3 (one column, four rows), then the k mod W tail as FMAs, times α.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish<T>(Vector512<T> v0, Vector512<T> v1, Vector512<T> v2, Vector512<T> v3,
        T* a0, T* a1, T* a2, T* a3, T* b, int p, int k, T alpha, T* tile)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double))
        {
            FinishDouble(v0.AsDouble(), v1.AsDouble(), v2.AsDouble(), v3.AsDouble(), (double*)a0, (double*)a1,
                (double*)a2, (double*)a3, (double*)b, p, k, double.CreateTruncating(alpha), (double*)tile);
            return;
        }

        // float32: one lane sum per row, then the k mod 16 tail as scalar FMAs (one rounding each, as a vector FMA).
        T s0 = Vector512.Sum(v0), s1 = Vector512.Sum(v1), s2 = Vector512.Sum(v2), s3 = Vector512.Sum(v3);
        for (; p < k; p++)
        {
            s0 = T.FusedMultiplyAdd(a0[p], b[p], s0);
            s1 = T.FusedMultiplyAdd(a1[p], b[p], s1);
            s2 = T.FusedMultiplyAdd(a2[p], b[p], s2);
            s3 = T.FusedMultiplyAdd(a3[p], b[p], s3);
        }

        tile[0] = alpha * s0;
        tile[1] = alpha * s1;
        tile[2] = alpha * s2;
        tile[3] = alpha * s3;
    }

    /// <summary>
    /// The float64 <see cref="Finish{T}"/>: one transposing reduction for the four rows, 13 instructions where four
    /// <see cref="Vector512.Sum{T}(Vector512{T})"/> take 72.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FinishDouble(Vector512<double> v0, Vector512<double> v1, Vector512<double> v2, Vector512<double> v3,
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

    /// <summary>C[r, j] = tile[j·2W + r] (+ β·C[r, j]): the column-major tile of α·ab written back into row-major C.</summary>
    private static void Merge<T>(int rows, int cols, T* tile, T beta, T* c, nint ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int ldt = Rows<T>();
        for (int r = 0; r < rows; r++)
        {
            T* cRow = c + (r * ldc);
            T* t = tile + r;
            if (beta == T.Zero)
            {
                for (int j = 0; j < cols; j++)
                {
                    cRow[j] = t[j * ldt];
                }
            }
            else
            {
                for (int j = 0; j < cols; j++)
                {
                    cRow[j] = t[j * ldt] + (beta * cRow[j]);
                }
            }
        }
    }

    /// <summary>
    /// tile[j·2W + r] = α·Σp a[p·aStride + r]·b[p·ldb + j] for r &lt; 2W, j &lt; TCols.N. The column count is a type
    /// so each instantiation keeps only its live accumulators (the unused branches fold away).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel<T, TCols>(int k, T alpha, T* a, nint aStride, T* b, nint ldb, T* tile)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TCols : struct, IColumnCount
    {
        int n = TCols.N;
        int w = Vector512<T>.Count;
        Vector512<T> l0 = default, h0 = default, l1 = default, h1 = default, l2 = default, h2 = default;
        Vector512<T> l3 = default, h3 = default, l4 = default, h4 = default, l5 = default, h5 = default;
        Vector512<T> l6 = default, h6 = default, l7 = default, h7 = default, l8 = default, h8 = default;
        Vector512<T> l9 = default, h9 = default, l10 = default, h10 = default, l11 = default, h11 = default;
        for (int p = 0; p < k; p++)
        {
            Vector512<T> al = Vector512.Load(a);
            Vector512<T> ah = Vector512.Load(a + w);
            Vector512<T> bv = Vector512.Create(b[0]);
            l0 = SimdFma.Fma(al, bv, l0);
            h0 = SimdFma.Fma(ah, bv, h0);
            if (n > 1)
            {
                bv = Vector512.Create(b[1]);
                l1 = SimdFma.Fma(al, bv, l1);
                h1 = SimdFma.Fma(ah, bv, h1);
            }

            if (n > 2)
            {
                bv = Vector512.Create(b[2]);
                l2 = SimdFma.Fma(al, bv, l2);
                h2 = SimdFma.Fma(ah, bv, h2);
            }

            if (n > 3)
            {
                bv = Vector512.Create(b[3]);
                l3 = SimdFma.Fma(al, bv, l3);
                h3 = SimdFma.Fma(ah, bv, h3);
            }

            if (n > 4)
            {
                bv = Vector512.Create(b[4]);
                l4 = SimdFma.Fma(al, bv, l4);
                h4 = SimdFma.Fma(ah, bv, h4);
            }

            if (n > 5)
            {
                bv = Vector512.Create(b[5]);
                l5 = SimdFma.Fma(al, bv, l5);
                h5 = SimdFma.Fma(ah, bv, h5);
            }

            if (n > 6)
            {
                bv = Vector512.Create(b[6]);
                l6 = SimdFma.Fma(al, bv, l6);
                h6 = SimdFma.Fma(ah, bv, h6);
            }

            if (n > 7)
            {
                bv = Vector512.Create(b[7]);
                l7 = SimdFma.Fma(al, bv, l7);
                h7 = SimdFma.Fma(ah, bv, h7);
            }

            if (n > 8)
            {
                bv = Vector512.Create(b[8]);
                l8 = SimdFma.Fma(al, bv, l8);
                h8 = SimdFma.Fma(ah, bv, h8);
            }

            if (n > 9)
            {
                bv = Vector512.Create(b[9]);
                l9 = SimdFma.Fma(al, bv, l9);
                h9 = SimdFma.Fma(ah, bv, h9);
            }

            if (n > 10)
            {
                bv = Vector512.Create(b[10]);
                l10 = SimdFma.Fma(al, bv, l10);
                h10 = SimdFma.Fma(ah, bv, h10);
            }

            if (n > 11)
            {
                bv = Vector512.Create(b[11]);
                l11 = SimdFma.Fma(al, bv, l11);
                h11 = SimdFma.Fma(ah, bv, h11);
            }

            a += aStride;
            b += ldb;
        }

        var va = Vector512.Create(alpha);
        (va * l0).Store(tile);
        (va * h0).Store(tile + w);
        if (n > 1)
        {
            (va * l1).Store(tile + (1 * 2 * w));
            (va * h1).Store(tile + (1 * 2 * w) + w);
        }

        if (n > 2)
        {
            (va * l2).Store(tile + (2 * 2 * w));
            (va * h2).Store(tile + (2 * 2 * w) + w);
        }

        if (n > 3)
        {
            (va * l3).Store(tile + (3 * 2 * w));
            (va * h3).Store(tile + (3 * 2 * w) + w);
        }

        if (n > 4)
        {
            (va * l4).Store(tile + (4 * 2 * w));
            (va * h4).Store(tile + (4 * 2 * w) + w);
        }

        if (n > 5)
        {
            (va * l5).Store(tile + (5 * 2 * w));
            (va * h5).Store(tile + (5 * 2 * w) + w);
        }

        if (n > 6)
        {
            (va * l6).Store(tile + (6 * 2 * w));
            (va * h6).Store(tile + (6 * 2 * w) + w);
        }

        if (n > 7)
        {
            (va * l7).Store(tile + (7 * 2 * w));
            (va * h7).Store(tile + (7 * 2 * w) + w);
        }

        if (n > 8)
        {
            (va * l8).Store(tile + (8 * 2 * w));
            (va * h8).Store(tile + (8 * 2 * w) + w);
        }

        if (n > 9)
        {
            (va * l9).Store(tile + (9 * 2 * w));
            (va * h9).Store(tile + (9 * 2 * w) + w);
        }

        if (n > 10)
        {
            (va * l10).Store(tile + (10 * 2 * w));
            (va * h10).Store(tile + (10 * 2 * w) + w);
        }

        if (n > 11)
        {
            (va * l11).Store(tile + (11 * 2 * w));
            (va * h11).Store(tile + (11 * 2 * w) + w);
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
