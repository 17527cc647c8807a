namespace TinyTensor.Kernels.Gemm;

/// <summary>
/// The naive triple loop, kept forever as the test oracle of every GEMM path: C = α·op(A)·op(B) + β·C, with
/// β = 0 never reading C (so NaN in an uninitialised C does not leak), exactly as BLAS specifies.
/// </summary>
internal static class GemmReference
{
    /// <summary>A is (m, k) after op, B is (k, n) after op, C is (m, n); all row-major with leading dimensions.</summary>
    public static void Multiply(Transpose transA, Transpose transB, int m, int n, int k, double alpha,
        ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc)
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0.0;
                for (int p = 0; p < k; p++)
                {
                    double aip = transA == Transpose.None ? a[(i * lda) + p] : a[(p * lda) + i];
                    double bpj = transB == Transpose.None ? b[(p * ldb) + j] : b[(j * ldb) + p];
                    sum += aip * bpj;
                }

                ref double cij = ref c[(i * ldc) + j];
                cij = beta == 0.0 ? alpha * sum : (alpha * sum) + (beta * cij);
            }
        }
    }
}
