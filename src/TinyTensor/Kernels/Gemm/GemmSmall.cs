using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TinyTensor.Kernels.Gemm;

/// <summary>
/// The unpacked path for small products, where packing would cost more than it saves. Each element of C is summed
/// over k in order from 0 as acc = acc + a·b, rounding the product then the sum (no FMA), then α·acc (+ β·c): the
/// order NumPy's OpenBLAS uses for small products on this machine, so the notebook's network matches NumPy bit for
/// bit. Vectorised across a row of C (lanes are independent, so the width does not change a single bit); up to four
/// vectors of the row are summed at once to hide the add latency.
/// </summary>
internal static unsafe class GemmSmall
{
    /// <summary>C (m, n) = α·op(A)·op(B) + β·C; pointers at element (0, 0) of the stored matrices.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(GemmKernelKind kind, Transpose transA, Transpose transB, int m, int n, int k, double alpha,
        double* a, nint lda, double* b, nint ldb, double beta, double* c, nint ldc)
    {
        Debug.Assert(m > 0 && n > 0 && k > 0);
        if (transB == Transpose.Transposed)
        {
            // The row sweep needs op(B)'s rows contiguous: copy the (small) Bᵀ once into the thread's scratch.
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
        for (int i = 0; i < m; i++)
        {
            double* aRow = a + (i * rowStride);
            double* cRow = c + (i * ldc);
            int j = kind switch
            {
                GemmKernelKind.Vector512 => Row512(n, k, alpha, aRow, depthStride, b, ldb, beta, cRow),
                GemmKernelKind.Vector256 => Row256(n, k, alpha, aRow, depthStride, b, ldb, beta, cRow),
                _ => 0,
            };
            for (; j < n; j++)
            {
                double acc = 0.0;
                for (int p = 0; p < k; p++)
                {
                    acc += aRow[p * depthStride] * b[(p * ldb) + j];
                }

                cRow[j] = beta == 0.0 ? alpha * acc : (alpha * acc) + (beta * cRow[j]);
            }
        }
    }

    /// <summary>Columns [0, returned) of one row of C, in Vector512 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Row512(int n, int k, double alpha, double* aRow, nint depthStride, double* b, nint ldb,
        double beta, double* cRow)
    {
        const int W = 8;
        int j = 0;
        for (; j <= n - (4 * W); j += 4 * W)
        {
            Vector512<double> acc0 = default, acc1 = default, acc2 = default, acc3 = default;
            double* bp = b + j;
            for (int p = 0; p < k; p++, bp += ldb)
            {
                var s = Vector512.Create(aRow[p * depthStride]);
                acc0 += s * Vector512.Load(bp);
                acc1 += s * Vector512.Load(bp + W);
                acc2 += s * Vector512.Load(bp + (2 * W));
                acc3 += s * Vector512.Load(bp + (3 * W));
            }

            Store512(acc0, alpha, beta, cRow + j);
            Store512(acc1, alpha, beta, cRow + j + W);
            Store512(acc2, alpha, beta, cRow + j + (2 * W));
            Store512(acc3, alpha, beta, cRow + j + (3 * W));
        }

        for (; j <= n - W; j += W)
        {
            Vector512<double> acc = default;
            double* bp = b + j;
            for (int p = 0; p < k; p++, bp += ldb)
            {
                acc += Vector512.Create(aRow[p * depthStride]) * Vector512.Load(bp);
            }

            Store512(acc, alpha, beta, cRow + j);
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

    /// <summary>Columns [0, returned) of one row of C, in Vector256 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Row256(int n, int k, double alpha, double* aRow, nint depthStride, double* b, nint ldb,
        double beta, double* cRow)
    {
        const int W = 4;
        int j = 0;
        for (; j <= n - (4 * W); j += 4 * W)
        {
            Vector256<double> acc0 = default, acc1 = default, acc2 = default, acc3 = default;
            double* bp = b + j;
            for (int p = 0; p < k; p++, bp += ldb)
            {
                var s = Vector256.Create(aRow[p * depthStride]);
                acc0 += s * Vector256.Load(bp);
                acc1 += s * Vector256.Load(bp + W);
                acc2 += s * Vector256.Load(bp + (2 * W));
                acc3 += s * Vector256.Load(bp + (3 * W));
            }

            Store256(acc0, alpha, beta, cRow + j);
            Store256(acc1, alpha, beta, cRow + j + W);
            Store256(acc2, alpha, beta, cRow + j + (2 * W));
            Store256(acc3, alpha, beta, cRow + j + (3 * W));
        }

        for (; j <= n - W; j += W)
        {
            Vector256<double> acc = default;
            double* bp = b + j;
            for (int p = 0; p < k; p++, bp += ldb)
            {
                acc += Vector256.Create(aRow[p * depthStride]) * Vector256.Load(bp);
            }

            Store256(acc, alpha, beta, cRow + j);
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
}
