using System.Diagnostics;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace TinyTensor.Kernels.Gemm;

/// <summary>
/// General matrix multiply, C = α·op(A)·op(B) + β·C, on row-major spans with leading dimensions. The three forms a
/// Linear layer needs (A·B, Aᵀ·B, A·Bᵀ) run without a transposed copy. β = 0 never reads C.
/// </summary>
/// <remarks>
/// Kernels trust their inputs: the friendly API (<see cref="Tensor.MatMul(Tensor, Tensor)"/>, the layers) checks
/// shapes once; here only <see cref="Debug.Assert(bool)"/> guards. This is the plain vectorised product: for each
/// row of C it streams rows of op(B) (the A·B and Aᵀ·B forms) or takes row-by-row dot products (A·Bᵀ).
/// <para>Every element is summed over k in order, as c = c + a·b with a rounding after the product and after the
/// sum (no FMA): that is the order NumPy's OpenBLAS gives on this class of machine for small products, so the
/// notebook's network reproduces NumPy bit for bit.</para>
/// </remarks>
internal static class Gemm
{
    /// <summary>A is (m, k) after op, B is (k, n) after op, C is (m, n).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(Transpose transA, Transpose transB, int m, int n, int k, double alpha,
        ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc)
    {
        Debug.Assert(m >= 0 && n >= 0 && k >= 0);
        Debug.Assert(m == 0 || n == 0 || c.Length >= ((m - 1) * ldc) + n);

        for (int i = 0; i < m; i++)
        {
            Span<double> cRow = c.Slice(i * ldc, n);
            if (transB == Transpose.None)
            {
                // C[i, :] = β·C[i, :] + Σ_p (α·A[i, p]) · B[p, :], one FMA pass over the row per p.
                if (beta == 0.0)
                {
                    cRow.Clear();
                }
                else if (beta != 1.0)
                {
                    TensorPrimitives.Multiply(cRow, beta, cRow);
                }

                for (int p = 0; p < k; p++)
                {
                    double aip = transA == Transpose.None ? a[(i * lda) + p] : a[(p * lda) + i];
                    MultiplyAddRow(alpha * aip, b.Slice(p * ldb, n), cRow);
                }
            }
            else
            {
                // C[i, j] = α·⟨op(A)[i, :], B[j, :]⟩ + β·C[i, j].
                for (int j = 0; j < n; j++)
                {
                    double sum = transA == Transpose.None
                        ? Dot(a.Slice(i * lda, k), b.Slice(j * ldb, k))
                        : StridedDot(a, i, lda, b.Slice(j * ldb, k));
                    cRow[j] = beta == 0.0 ? alpha * sum : (alpha * sum) + (beta * cRow[j]);
                }
            }
        }
    }

    /// <summary>row = row + scale · x, rounding the product then the sum, on every path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MultiplyAddRow(double scale, ReadOnlySpan<double> x, Span<double> row)
    {
        int j = 0;
        if (Vector.IsHardwareAccelerated && row.Length >= Vector<double>.Count)
        {
            var s = new Vector<double>(scale);
            for (; j <= row.Length - Vector<double>.Count; j += Vector<double>.Count)
            {
                var acc = new Vector<double>(row.Slice(j));
                (acc + (s * new Vector<double>(x.Slice(j)))).CopyTo(row.Slice(j));
            }
        }

        for (; j < row.Length; j++)
        {
            row[j] += scale * x[j];
        }
    }

    private static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double sum = 0.0;
        for (int p = 0; p < x.Length; p++)
        {
            sum += x[p] * y[p];
        }

        return sum;
    }

    private static double StridedDot(ReadOnlySpan<double> a, int column, int lda, ReadOnlySpan<double> y)
    {
        double sum = 0.0;
        for (int p = 0; p < y.Length; p++)
        {
            sum += a[(p * lda) + column] * y[p];
        }

        return sum;
    }
}
