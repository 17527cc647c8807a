using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TinyTensor.Kernels.Gemm;

/// <summary>
/// The unpacked path for small products, where packing would cost more than it saves. Each element of C is summed
/// over k in order from 0 as acc = acc + a·b, rounding the product then the sum (no FMA), then α·acc (+ β·c): the
/// order NumPy's OpenBLAS uses for small products on this machine, so the notebook's network matches NumPy bit for
/// bit. Vectorised across a row of C (lanes are independent, so the width does not change a single bit): the widest
/// lanes first, narrower ones for the columns left over, and four rows at a time so four add chains overlap.
/// </summary>
internal static unsafe class GemmSmall
{
    /// <summary>Rows of C computed together; a thread split gives each part whole groups of them.</summary>
    public const int Rows = 4;

    /// <summary>C (m, n) = α·op(A)·op(B) + β·C; pointers at element (0, 0) of the stored matrices.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(GemmKernelKind kind, Transpose transA, Transpose transB, int m, int n, int k, double alpha,
        double* a, nint lda, double* b, nint ldb, double beta, double* c, nint ldc)
    {
        Debug.Assert(m > 0 && n > 0 && k > 0);
        if (transB == Transpose.Transposed)
        {
            // The row sweep needs op(B)'s rows contiguous: copy Bᵀ once into the thread's scratch (at most KC·NC
            // values: Gemm.IsSmall sends a larger B down the packed path).
            GemmWorkspace workspace = GemmWorkspace.Current;
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

        // op(A)[i, p] is at a[i·rowStride + p·depthStride].
        nint rowStride = transA == Transpose.None ? lda : 1;
        nint depthStride = transA == Transpose.None ? 1 : lda;
        int i0 = 0;
        if (n < NarrowColumns && kind != GemmKernelKind.Scalar)
        {
            i0 = NarrowRows(kind, m, n, k, alpha, a, rowStride, depthStride, b, ldb, beta, c, ldc);
        }

        for (int i = i0; i < m; i += Rows)
        {
            int rows = Math.Min(Rows, m - i);
            double* aRows = a + (i * rowStride);
            double* cRows = c + (i * ldc);
            int j = 0;
            if (kind == GemmKernelKind.Vector512)
            {
                j = Columns512(j, rows, n, k, alpha, aRows, rowStride, depthStride, b, ldb, beta, cRows, ldc);
            }

            if (kind != GemmKernelKind.Scalar)
            {
                j = Columns256(j, rows, n, k, alpha, aRows, rowStride, depthStride, b, ldb, beta, cRows, ldc);
                j = Columns128(j, rows, n, k, alpha, aRows, rowStride, depthStride, b, ldb, beta, cRows, ldc);
            }

            for (; j < n; j++)
            {
                if (rows == 4)
                {
                    // The last odd column: four rows' chains side by side, as in the vector loops.
                    double acc0 = 0.0, acc1 = 0.0, acc2 = 0.0, acc3 = 0.0;
                    double* ap = aRows;
                    double* bp = b + j;
                    for (int p = 0; p < k; p++, ap += depthStride, bp += ldb)
                    {
                        double bv = *bp;
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
                    double* aRow = aRows + (r * rowStride);
                    double acc = 0.0;
                    for (int p = 0; p < k; p++)
                    {
                        acc += aRow[p * depthStride] * b[(p * ldb) + j];
                    }

                    StoreScalar(acc, alpha, beta, cRows + (r * ldc) + j);
                }
            }
        }
    }

    /// <summary>Below this many columns of C, rows are vectorised instead (<see cref="NarrowRows"/>).</summary>
    private const int NarrowColumns = 4;

    /// <summary>
    /// For C narrower than a Vector256 (n &lt; 4, e.g. the notebook's 10×3 output layer): vectorised down the
    /// columns, 8 or 4 rows per vector, so that all n columns' add chains run side by side instead of one short
    /// row-vector chain after another (a 10×10·10×3 product was bound by the add latency). Each element still sees
    /// acc = acc + a·b in order over p, so the bits are those of the row sweep. Returns the first row not done.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int NarrowRows(GemmKernelKind kind, int m, int n, int k, double alpha, double* a, nint rowStride,
        nint depthStride, double* b, nint ldb, double beta, double* c, nint ldc)
    {
        int i = 0;
        if (kind == GemmKernelKind.Vector512)
        {
            for (; i <= m - 8; i += 8)
            {
                Vector512<double> acc0 = default, acc1 = default, acc2 = default;
                double* ap = a + (i * rowStride);
                double* bp = b;
                for (int p = 0; p < k; p++, ap += depthStride, bp += ldb)
                {
                    Vector512<double> av = rowStride == 1
                        ? Vector512.Load(ap)
                        : Vector512.Create(ap[0], ap[rowStride], ap[2 * rowStride], ap[3 * rowStride],
                            ap[4 * rowStride], ap[5 * rowStride], ap[6 * rowStride], ap[7 * rowStride]);
                    acc0 += av * Vector512.Create(bp[0]);
                    if (n > 1)
                    {
                        acc1 += av * Vector512.Create(bp[1]);
                    }

                    if (n > 2)
                    {
                        acc2 += av * Vector512.Create(bp[2]);
                    }
                }

                double* cp = c + (i * ldc);
                StoreColumn(acc0.GetLower(), alpha, beta, cp, ldc);
                StoreColumn(acc0.GetUpper(), alpha, beta, cp + (4 * ldc), ldc);
                if (n > 1)
                {
                    StoreColumn(acc1.GetLower(), alpha, beta, cp + 1, ldc);
                    StoreColumn(acc1.GetUpper(), alpha, beta, cp + (4 * ldc) + 1, ldc);
                }

                if (n > 2)
                {
                    StoreColumn(acc2.GetLower(), alpha, beta, cp + 2, ldc);
                    StoreColumn(acc2.GetUpper(), alpha, beta, cp + (4 * ldc) + 2, ldc);
                }
            }
        }

        for (; i <= m - 4; i += 4)
        {
            Vector256<double> acc0 = default, acc1 = default, acc2 = default;
            double* ap = a + (i * rowStride);
            double* bp = b;
            for (int p = 0; p < k; p++, ap += depthStride, bp += ldb)
            {
                Vector256<double> av = rowStride == 1
                    ? Vector256.Load(ap)
                    : Vector256.Create(ap[0], ap[rowStride], ap[2 * rowStride], ap[3 * rowStride]);
                acc0 += av * Vector256.Create(bp[0]);
                if (n > 1)
                {
                    acc1 += av * Vector256.Create(bp[1]);
                }

                if (n > 2)
                {
                    acc2 += av * Vector256.Create(bp[2]);
                }
            }

            double* cp = c + (i * ldc);
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

        for (; i <= m - 2; i += 2)
        {
            Vector128<double> acc0 = default, acc1 = default, acc2 = default;
            double* ap = a + (i * rowStride);
            double* bp = b;
            for (int p = 0; p < k; p++, ap += depthStride, bp += ldb)
            {
                Vector128<double> av = rowStride == 1 ? Vector128.Load(ap) : Vector128.Create(ap[0], ap[rowStride]);
                acc0 += av * Vector128.Create(bp[0]);
                if (n > 1)
                {
                    acc1 += av * Vector128.Create(bp[1]);
                }

                if (n > 2)
                {
                    acc2 += av * Vector128.Create(bp[2]);
                }
            }

            double* cp = c + (i * ldc);
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

    /// <summary>Two rows of one column of C: c[r·ldc] = α·acc[r] (+ β·c[r·ldc]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreColumn(Vector128<double> acc, double alpha, double beta, double* c, nint ldc)
    {
        Vector128<double> result = Vector128.Create(alpha) * acc;
        if (beta != 0.0)
        {
            result += Vector128.Create(beta) * Vector128.Create(c[0], c[ldc]);
        }

        c[0] = result.GetElement(0);
        c[ldc] = result.GetElement(1);
    }

    /// <summary>Four rows of one column of C: c[r·ldc] = α·acc[r] (+ β·c[r·ldc]), as <see cref="StoreScalar"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreColumn(Vector256<double> acc, double alpha, double beta, double* c, nint ldc)
    {
        Vector256<double> result = Vector256.Create(alpha) * acc;
        if (beta != 0.0)
        {
            result += Vector256.Create(beta) * Vector256.Create(c[0], c[ldc], c[2 * ldc], c[3 * ldc]);
        }

        c[0] = result.GetElement(0);
        c[ldc] = result.GetElement(1);
        c[2 * ldc] = result.GetElement(2);
        c[3 * ldc] = result.GetElement(3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreScalar(double acc, double alpha, double beta, double* c) =>
        *c = beta == 0.0 ? alpha * acc : (alpha * acc) + (beta * *c);

    /// <summary>
    /// Columns [<paramref name="j"/>, returned) of rows [0, rows) of C (rows ≤ <see cref="Rows"/>), 8 at a time
    /// in Vector512 lanes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Columns512(int j, int rows, int n, int k, double alpha, double* a, nint rowStride, nint depthStride,
        double* b, nint ldb, double beta, double* c, nint ldc)
    {
        const int W = 8;
        if (rows < 4)
        {
            // Too few rows to overlap: overlap four column vectors of each row instead.
            int end = j + ((n - j) / W * W);
            for (int r = 0; r < rows; r++)
            {
                double* aRow = a + (r * rowStride);
                double* cRow = c + (r * ldc);
                int jr = j;
                for (; jr <= n - (4 * W); jr += 4 * W)
                {
                    Vector512<double> acc0 = default, acc1 = default, acc2 = default, acc3 = default;
                    double* bp = b + jr;
                    double* ap = aRow;
                    for (int p = 0; p < k; p++, bp += ldb, ap += depthStride)
                    {
                        Vector512<double> av = Vector512.Create(ap[0]);
                        acc0 += av * Vector512.Load(bp);
                        acc1 += av * Vector512.Load(bp + W);
                        acc2 += av * Vector512.Load(bp + (2 * W));
                        acc3 += av * Vector512.Load(bp + (3 * W));
                    }

                    Store512(acc0, alpha, beta, cRow + jr);
                    Store512(acc1, alpha, beta, cRow + jr + W);
                    Store512(acc2, alpha, beta, cRow + jr + (2 * W));
                    Store512(acc3, alpha, beta, cRow + jr + (3 * W));
                }

                for (; jr < end; jr += W)
                {
                    Vector512<double> acc = default;
                    double* bp = b + jr;
                    double* ap = aRow;
                    for (int p = 0; p < k; p++, bp += ldb, ap += depthStride)
                    {
                        acc += Vector512.Create(ap[0]) * Vector512.Load(bp);
                    }

                    Store512(acc, alpha, beta, cRow + jr);
                }
            }

            return end;
        }

        // Four rows at once: four independent add chains hide the add latency, and each B load is used 4 times.
        for (; j <= n - W; j += W)
        {
            Vector512<double> acc0 = default, acc1 = default, acc2 = default, acc3 = default;
            double* bp = b + j;
            double* ap = a;
            for (int p = 0; p < k; p++, bp += ldb, ap += depthStride)
            {
                Vector512<double> bv = Vector512.Load(bp);
                acc0 += Vector512.Create(ap[0]) * bv;
                acc1 += Vector512.Create(ap[rowStride]) * bv;
                acc2 += Vector512.Create(ap[2 * rowStride]) * bv;
                acc3 += Vector512.Create(ap[3 * rowStride]) * bv;
            }

            Store512(acc0, alpha, beta, c + j);
            Store512(acc1, alpha, beta, c + ldc + j);
            Store512(acc2, alpha, beta, c + (2 * ldc) + j);
            Store512(acc3, alpha, beta, c + (3 * ldc) + j);
        }

        return j;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store512(Vector512<double> acc, double alpha, double beta, double* c)
    {
        Vector512<double> result = Vector512.Create(alpha) * acc;
        if (beta != 0.0)
        {
            result += Vector512.Create(beta) * Vector512.Load(c);
        }

        result.Store(c);
    }

    /// <summary>
    /// Columns [<paramref name="j"/>, returned) of rows [0, rows) of C (rows ≤ <see cref="Rows"/>), 4 at a time
    /// in Vector256 lanes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Columns256(int j, int rows, int n, int k, double alpha, double* a, nint rowStride, nint depthStride,
        double* b, nint ldb, double beta, double* c, nint ldc)
    {
        const int W = 4;
        if (rows < 4)
        {
            // Too few rows to overlap: overlap four column vectors of each row instead.
            int end = j + ((n - j) / W * W);
            for (int r = 0; r < rows; r++)
            {
                double* aRow = a + (r * rowStride);
                double* cRow = c + (r * ldc);
                int jr = j;
                for (; jr <= n - (4 * W); jr += 4 * W)
                {
                    Vector256<double> acc0 = default, acc1 = default, acc2 = default, acc3 = default;
                    double* bp = b + jr;
                    double* ap = aRow;
                    for (int p = 0; p < k; p++, bp += ldb, ap += depthStride)
                    {
                        Vector256<double> av = Vector256.Create(ap[0]);
                        acc0 += av * Vector256.Load(bp);
                        acc1 += av * Vector256.Load(bp + W);
                        acc2 += av * Vector256.Load(bp + (2 * W));
                        acc3 += av * Vector256.Load(bp + (3 * W));
                    }

                    Store256(acc0, alpha, beta, cRow + jr);
                    Store256(acc1, alpha, beta, cRow + jr + W);
                    Store256(acc2, alpha, beta, cRow + jr + (2 * W));
                    Store256(acc3, alpha, beta, cRow + jr + (3 * W));
                }

                for (; jr < end; jr += W)
                {
                    Vector256<double> acc = default;
                    double* bp = b + jr;
                    double* ap = aRow;
                    for (int p = 0; p < k; p++, bp += ldb, ap += depthStride)
                    {
                        acc += Vector256.Create(ap[0]) * Vector256.Load(bp);
                    }

                    Store256(acc, alpha, beta, cRow + jr);
                }
            }

            return end;
        }

        // Four rows at once: four independent add chains hide the add latency, and each B load is used 4 times.
        for (; j <= n - W; j += W)
        {
            Vector256<double> acc0 = default, acc1 = default, acc2 = default, acc3 = default;
            double* bp = b + j;
            double* ap = a;
            for (int p = 0; p < k; p++, bp += ldb, ap += depthStride)
            {
                Vector256<double> bv = Vector256.Load(bp);
                acc0 += Vector256.Create(ap[0]) * bv;
                acc1 += Vector256.Create(ap[rowStride]) * bv;
                acc2 += Vector256.Create(ap[2 * rowStride]) * bv;
                acc3 += Vector256.Create(ap[3 * rowStride]) * bv;
            }

            Store256(acc0, alpha, beta, c + j);
            Store256(acc1, alpha, beta, c + ldc + j);
            Store256(acc2, alpha, beta, c + (2 * ldc) + j);
            Store256(acc3, alpha, beta, c + (3 * ldc) + j);
        }

        return j;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store256(Vector256<double> acc, double alpha, double beta, double* c)
    {
        Vector256<double> result = Vector256.Create(alpha) * acc;
        if (beta != 0.0)
        {
            result += Vector256.Create(beta) * Vector256.Load(c);
        }

        result.Store(c);
    }

    /// <summary>
    /// Columns [<paramref name="j"/>, returned) of rows [0, rows) of C (rows ≤ <see cref="Rows"/>), 2 at a time
    /// in Vector128 lanes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Columns128(int j, int rows, int n, int k, double alpha, double* a, nint rowStride, nint depthStride,
        double* b, nint ldb, double beta, double* c, nint ldc)
    {
        const int W = 2;
        if (rows < 4)
        {
            // Too few rows to overlap: overlap four column vectors of each row instead.
            int end = j + ((n - j) / W * W);
            for (int r = 0; r < rows; r++)
            {
                double* aRow = a + (r * rowStride);
                double* cRow = c + (r * ldc);
                int jr = j;
                for (; jr <= n - (4 * W); jr += 4 * W)
                {
                    Vector128<double> acc0 = default, acc1 = default, acc2 = default, acc3 = default;
                    double* bp = b + jr;
                    double* ap = aRow;
                    for (int p = 0; p < k; p++, bp += ldb, ap += depthStride)
                    {
                        Vector128<double> av = Vector128.Create(ap[0]);
                        acc0 += av * Vector128.Load(bp);
                        acc1 += av * Vector128.Load(bp + W);
                        acc2 += av * Vector128.Load(bp + (2 * W));
                        acc3 += av * Vector128.Load(bp + (3 * W));
                    }

                    Store128(acc0, alpha, beta, cRow + jr);
                    Store128(acc1, alpha, beta, cRow + jr + W);
                    Store128(acc2, alpha, beta, cRow + jr + (2 * W));
                    Store128(acc3, alpha, beta, cRow + jr + (3 * W));
                }

                for (; jr < end; jr += W)
                {
                    Vector128<double> acc = default;
                    double* bp = b + jr;
                    double* ap = aRow;
                    for (int p = 0; p < k; p++, bp += ldb, ap += depthStride)
                    {
                        acc += Vector128.Create(ap[0]) * Vector128.Load(bp);
                    }

                    Store128(acc, alpha, beta, cRow + jr);
                }
            }

            return end;
        }

        // Four rows at once: four independent add chains hide the add latency, and each B load is used 4 times.
        for (; j <= n - W; j += W)
        {
            Vector128<double> acc0 = default, acc1 = default, acc2 = default, acc3 = default;
            double* bp = b + j;
            double* ap = a;
            for (int p = 0; p < k; p++, bp += ldb, ap += depthStride)
            {
                Vector128<double> bv = Vector128.Load(bp);
                acc0 += Vector128.Create(ap[0]) * bv;
                acc1 += Vector128.Create(ap[rowStride]) * bv;
                acc2 += Vector128.Create(ap[2 * rowStride]) * bv;
                acc3 += Vector128.Create(ap[3 * rowStride]) * bv;
            }

            Store128(acc0, alpha, beta, c + j);
            Store128(acc1, alpha, beta, c + ldc + j);
            Store128(acc2, alpha, beta, c + (2 * ldc) + j);
            Store128(acc3, alpha, beta, c + (3 * ldc) + j);
        }

        return j;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store128(Vector128<double> acc, double alpha, double beta, double* c)
    {
        Vector128<double> result = Vector128.Create(alpha) * acc;
        if (beta != 0.0)
        {
            result += Vector128.Create(beta) * Vector128.Load(c);
        }

        result.Store(c);
    }
}
