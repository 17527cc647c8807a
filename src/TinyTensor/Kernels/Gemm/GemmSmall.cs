using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace TinyTensor.Kernels.Gemm;

/// <summary>
/// The unpacked path for small products, where packing would cost more than it saves. Each element of C is summed
/// over k in order from 0 as acc = acc + a·b, rounding the product then the sum (no FMA), then α·acc (+ β·c): the
/// order NumPy's OpenBLAS uses for small products on this machine, so the notebook's network matches NumPy bit for
/// bit. Vectorised across a row of C (lanes are independent, so the width does not change a single bit): the widest
/// lanes first, narrower ones for the columns left over, and four rows at a time so four add chains overlap. Each
/// sweep is written once over a lane struct (<see cref="ILanes{TSelf, T}"/>) and the element type.
/// </summary>
internal static unsafe class GemmSmall
{
    /// <summary>Rows of C computed together; a thread split gives each part whole groups of them.</summary>
    public const int Rows = 4;

    /// <summary>Below this many columns of C, rows are vectorised instead (<see cref="NarrowRows{T, TL}"/>).</summary>
    private const int NarrowColumns = 4;

    /// <summary>C (m, n) = α·op(A)·op(B) + β·C; pointers at element (0, 0) of the stored matrices.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(GemmKernelKind kind, Transpose transA, Transpose transB, int m, int n, int k, T alpha,
        T* a, nint lda, T* b, nint ldb, T beta, T* c, nint ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Debug.Assert(m > 0 && n > 0 && k > 0);
        if (transB == Transpose.Transposed)
        {
            // The row sweep needs op(B)'s rows contiguous: copy Bᵀ once into the thread's scratch (at most KC·NC
            // values: GemmPlanner sends a larger B down the packed path).
            b = CopyTransposed(b, ldb, k, n);
            ldb = n;
        }

        // op(A)[i, p] is at a[i·rowStride + p·depthStride].
        nint rowStride = transA == Transpose.None ? lda : 1;
        nint depthStride = transA == Transpose.None ? 1 : lda;
        int i0 = 0;
        if (n < NarrowColumns && kind != GemmKernelKind.Scalar)
        {
            // Each width only when it has a whole vector of rows to do: a call per width is most of the time of
            // the notebook's 10×10·10×3 product.
            if (kind == GemmKernelKind.Vector512 && m - i0 >= Lanes512<T>.Count)
            {
                i0 = NarrowRows<T, Lanes512<T>>(i0, m, n, k, alpha, a, rowStride, depthStride, b, ldb, beta, c, ldc);
            }

            if (m - i0 >= Lanes256<T>.Count)
            {
                i0 = NarrowRows<T, Lanes256<T>>(i0, m, n, k, alpha, a, rowStride, depthStride, b, ldb, beta, c, ldc);
            }

            if (m - i0 >= Lanes128<T>.Count)
            {
                i0 = NarrowRows<T, Lanes128<T>>(i0, m, n, k, alpha, a, rowStride, depthStride, b, ldb, beta, c, ldc);
            }
        }

        if (i0 == m)
        {
            return;
        }

        // Each width sweeps every row group over the columns it covers, then the next width the columns left
        // over: the column boundaries depend on n alone, and each element's sum is the same whichever sweep
        // computes it. One method per width keeps each within the JIT's inlining budget; a width with no whole
        // vector of columns left is not called.
        int j = 0;
        if (kind == GemmKernelKind.Vector512 && n - j >= Lanes512<T>.Count)
        {
            j = Sweep<T, Lanes512<T>>(i0, j, m, n, k, alpha, a, rowStride, depthStride, b, ldb, beta, c, ldc);
        }

        if (kind != GemmKernelKind.Scalar && n - j >= Lanes256<T>.Count)
        {
            j = Sweep<T, Lanes256<T>>(i0, j, m, n, k, alpha, a, rowStride, depthStride, b, ldb, beta, c, ldc);
        }

        if (kind != GemmKernelKind.Scalar && n - j >= Lanes128<T>.Count)
        {
            j = Sweep<T, Lanes128<T>>(i0, j, m, n, k, alpha, a, rowStride, depthStride, b, ldb, beta, c, ldc);
        }

        if (j < n)
        {
            ScalarColumns(i0, j, m, n, k, alpha, a, rowStride, depthStride, b, ldb, beta, c, ldc);
        }
    }

    /// <summary>Columns [<paramref name="j"/>, returned) of rows [<paramref name="i0"/>, m), <c>TL.Count</c> at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static int Sweep<T, TL>(int i0, int j, int m, int n, int k, T alpha, T* a, nint rowStride, nint depthStride,
        T* b, nint ldb, T beta, T* c, nint ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TL : struct, ILanes<TL, T>
    {
        int end = j;
        for (int i = i0; i < m; i += Rows)
        {
            int rows = Math.Min(Rows, m - i);
            end = Columns<T, TL>(j, rows, n, k, alpha, a + (i * rowStride), rowStride, depthStride, b, ldb, beta,
                c + (i * ldc), ldc);
        }

        return end;
    }

    /// <summary>The columns [<paramref name="j0"/>, n) no vector covers, of rows [<paramref name="i0"/>, m), one by one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void ScalarColumns<T>(int i0, int j0, int m, int n, int k, T alpha, T* a, nint rowStride,
        nint depthStride, T* b, nint ldb, T beta, T* c, nint ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = i0; i < m; i += Rows)
        {
            int rows = Math.Min(Rows, m - i);
            T* aRows = a + (i * rowStride);
            T* cRows = c + (i * ldc);
            for (int j = j0; j < n; j++)
            {
                if (rows == 4)
                {
                    // The last odd column: four rows' chains side by side, as in the vector loops.
                    T acc0 = T.Zero, acc1 = T.Zero, acc2 = T.Zero, acc3 = T.Zero;
                    T* ap = aRows;
                    T* bp = b + j;
                    for (int p = 0; p < k; p++, ap += depthStride, bp += ldb)
                    {
                        T bv = *bp;
                        acc0 += ap[0] * bv;
                        acc1 += ap[rowStride] * bv;
                        acc2 += ap[2 * rowStride] * bv;
                        acc3 += ap[3 * rowStride] * bv;
                    }

                    StoreScalar(acc0, alpha, beta, cRows + j);
                    StoreScalar(acc1, alpha, beta, cRows + ldc + j);
                    StoreScalar(acc2, alpha, beta, cRows + (2 * ldc) + j);
                    StoreScalar(acc3, alpha, beta, cRows + (3 * ldc) + j);
                    continue;
                }

                for (int r = 0; r < rows; r++)
                {
                    T* aRow = aRows + (r * rowStride);
                    T acc = T.Zero;
                    for (int p = 0; p < k; p++)
                    {
                        acc += aRow[p * depthStride] * b[(p * ldb) + j];
                    }

                    StoreScalar(acc, alpha, beta, cRows + (r * ldc) + j);
                }
            }
        }
    }

    /// <summary>op(B) for B stored (n, k): a (k, n) row-major copy in the thread's scratch.</summary>
    /// <remarks>Block by block through <see cref="GemmPacking.Transposed{T}"/> (4×4 in registers): the plain
    /// element loop writes with a stride of n values, which cost ≈ 20 % of a (128×10)·(10×256)ᵀ product.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static T* CopyTransposed<T>(T* b, nint ldb, int k, int n)
        where T : unmanaged
    {
        T* bt = GemmWorkspace.Current.EnsureB<T>((nuint)k * (nuint)n);
        GemmPacking.Transposed(b, ldb, n, k, bt, n);
        return bt;
    }

    /// <summary>
    /// For C narrower than <see cref="NarrowColumns"/> (n ≤ 3, e.g. the notebook's 10×3 output layer): rows
    /// [<paramref name="i"/>, returned) vectorised down the columns, <c>TL.Count</c> rows per vector, so that all n
    /// columns' add chains run side by side instead of one short row-vector chain after another (a 10×10·10×3
    /// product was bound by the add latency). Each element still sees acc = acc + a·b in order over p, so the bits
    /// are those of the row sweep. Returns the first row not done.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static int NarrowRows<T, TL>(int i, int m, int n, int k, T alpha, T* a, nint rowStride, nint depthStride,
        T* b, nint ldb, T beta, T* c, nint ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TL : struct, ILanes<TL, T>
    {
        int w = TL.Count;
        for (; i <= m - w; i += w)
        {
            TL acc0 = default, acc1 = default, acc2 = default;
            T* ap = a + (i * rowStride);
            T* bp = b;
            for (int p = 0; p < k; p++, ap += depthStride, bp += ldb)
            {
                TL av = rowStride == 1 ? TL.Load(ap) : TL.Gather(ap, rowStride);
                acc0 += av * TL.Broadcast(bp[0]);
                if (n > 1)
                {
                    acc1 += av * TL.Broadcast(bp[1]);
                }

                if (n > 2)
                {
                    acc2 += av * TL.Broadcast(bp[2]);
                }
            }

            T* cp = c + (i * ldc);
            StoreColumn(acc0, alpha, beta, cp, ldc);
            if (n > 1)
            {
                StoreColumn(acc1, alpha, beta, cp + 1, ldc);
            }

            if (n > 2)
            {
                StoreColumn(acc2, alpha, beta, cp + 2, ldc);
            }
        }

        return i;
    }

    /// <summary>Count rows of one column of C: c[r·ldc] = α·acc[r] (+ β·c[r·ldc]), as <see cref="StoreScalar"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreColumn<T, TL>(TL acc, T alpha, T beta, T* c, nint ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TL : struct, ILanes<TL, T>
    {
        TL result = TL.Broadcast(alpha) * acc;
        if (beta != T.Zero)
        {
            result += TL.Broadcast(beta) * TL.Gather(c, ldc);
        }

        result.Scatter(c, ldc);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreScalar<T>(T acc, T alpha, T beta, T* c)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        *c = beta == T.Zero ? alpha * acc : (alpha * acc) + (beta * *c);

    /// <summary>
    /// Columns [<paramref name="j"/>, returned) of rows [0, rows) of C (rows ≤ <see cref="Rows"/>), <c>TL.Count</c>
    /// at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Columns<T, TL>(int j, int rows, int n, int k, T alpha, T* a, nint rowStride, nint depthStride,
        T* b, nint ldb, T beta, T* c, nint ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TL : struct, ILanes<TL, T>
    {
        int w = TL.Count;
        if (rows < 4)
        {
            // Too few rows to overlap: overlap four column vectors of each row instead.
            int end = j + ((n - j) / w * w);
            for (int r = 0; r < rows; r++)
            {
                T* aRow = a + (r * rowStride);
                T* cRow = c + (r * ldc);
                int jr = j;
                for (; jr <= n - (4 * w); jr += 4 * w)
                {
                    TL acc0 = default, acc1 = default, acc2 = default, acc3 = default;
                    T* bp = b + jr;
                    T* ap = aRow;
                    for (int p = 0; p < k; p++, bp += ldb, ap += depthStride)
                    {
                        TL av = TL.Broadcast(ap[0]);
                        acc0 += av * TL.Load(bp);
                        acc1 += av * TL.Load(bp + w);
                        acc2 += av * TL.Load(bp + (2 * w));
                        acc3 += av * TL.Load(bp + (3 * w));
                    }

                    Store(acc0, alpha, beta, cRow + jr);
                    Store(acc1, alpha, beta, cRow + jr + w);
                    Store(acc2, alpha, beta, cRow + jr + (2 * w));
                    Store(acc3, alpha, beta, cRow + jr + (3 * w));
                }

                for (; jr < end; jr += w)
                {
                    TL acc = default;
                    T* bp = b + jr;
                    T* ap = aRow;
                    for (int p = 0; p < k; p++, bp += ldb, ap += depthStride)
                    {
                        acc += TL.Broadcast(ap[0]) * TL.Load(bp);
                    }

                    Store(acc, alpha, beta, cRow + jr);
                }
            }

            return end;
        }

        // Four rows at once: four independent add chains hide the add latency, and each B load is used 4 times.
        for (; j <= n - w; j += w)
        {
            TL acc0 = default, acc1 = default, acc2 = default, acc3 = default;
            T* bp = b + j;
            T* ap = a;
            for (int p = 0; p < k; p++, bp += ldb, ap += depthStride)
            {
                TL bv = TL.Load(bp);
                acc0 += TL.Broadcast(ap[0]) * bv;
                acc1 += TL.Broadcast(ap[rowStride]) * bv;
                acc2 += TL.Broadcast(ap[2 * rowStride]) * bv;
                acc3 += TL.Broadcast(ap[3 * rowStride]) * bv;
            }

            Store(acc0, alpha, beta, c + j);
            Store(acc1, alpha, beta, c + ldc + j);
            Store(acc2, alpha, beta, c + (2 * ldc) + j);
            Store(acc3, alpha, beta, c + (3 * ldc) + j);
        }

        return j;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T, TL>(TL acc, T alpha, T beta, T* c)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TL : struct, ILanes<TL, T>
    {
        TL result = TL.Broadcast(alpha) * acc;
        if (beta != T.Zero)
        {
            result += TL.Broadcast(beta) * TL.Load(c);
        }

        result.Store(c);
    }
}
