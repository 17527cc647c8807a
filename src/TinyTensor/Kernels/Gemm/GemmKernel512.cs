using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TinyTensor.Kernels.Gemm;

// The micro-kernels: C[0..MR, 0..NR] = α·(Ã·B̃) + β·C over one packed MR×kc strip of A (k-major: a[p·MR + r]) and one
// packed kc×NR strip of B (b[p·NR + j]). Every accumulator is a named local so the JIT keeps the whole tile in
// registers; there is no loop over MR or NR and no edge logic (packing zero-pads, the caller handles partial tiles).
// Each element is one FMA chain over p starting from 0, then α·ab (+ β·c, multiply then add): the same operations
// whatever tile or thread computes it, which is what makes 1- and 2-thread results bit-identical.

/// <summary>
/// The AVX-512 micro-kernel: an 8×(2·W) tile in 16 zmm accumulators, W = <c>Vector512&lt;T&gt;.Count</c> (8×16 in
/// float64, 8×32 in float32). Generic in the element type: the JIT compiles one body per type.
/// </summary>
internal static unsafe class GemmKernel512<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>One 8×(2·W) tile; a and b are 64-byte aligned packed strips.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, T* a, T* b, T* c, nint ldc, T alpha, T beta)
    {
        int w = Vector512<T>.Count;
        // The C tile is written at the end; asking for its lines now hides the miss behind the k loop.
        if (Sse.IsSupported)
        {
            for (int r = 0; r < 8; r++)
            {
                Sse.Prefetch0(c + (r * ldc));
                Sse.Prefetch0(c + (r * ldc) + ((2 * w) - 1));
            }
        }

        Vector512<T> c00 = default; Vector512<T> c01 = default;
        Vector512<T> c10 = default; Vector512<T> c11 = default;
        Vector512<T> c20 = default; Vector512<T> c21 = default;
        Vector512<T> c30 = default; Vector512<T> c31 = default;
        Vector512<T> c40 = default; Vector512<T> c41 = default;
        Vector512<T> c50 = default; Vector512<T> c51 = default;
        Vector512<T> c60 = default; Vector512<T> c61 = default;
        Vector512<T> c70 = default; Vector512<T> c71 = default;

        for (int p = 0; p < kc; p++)
        {
            Vector512<T> b0 = Vector512.Load(b + 0);
            Vector512<T> b1 = Vector512.Load(b + w);
            Vector512<T> a0 = Vector512.Create(a[0]);
            c00 = SimdFma.Fma(a0, b0, c00);
            c01 = SimdFma.Fma(a0, b1, c01);
            Vector512<T> a1 = Vector512.Create(a[1]);
            c10 = SimdFma.Fma(a1, b0, c10);
            c11 = SimdFma.Fma(a1, b1, c11);
            Vector512<T> a2 = Vector512.Create(a[2]);
            c20 = SimdFma.Fma(a2, b0, c20);
            c21 = SimdFma.Fma(a2, b1, c21);
            Vector512<T> a3 = Vector512.Create(a[3]);
            c30 = SimdFma.Fma(a3, b0, c30);
            c31 = SimdFma.Fma(a3, b1, c31);
            Vector512<T> a4 = Vector512.Create(a[4]);
            c40 = SimdFma.Fma(a4, b0, c40);
            c41 = SimdFma.Fma(a4, b1, c41);
            Vector512<T> a5 = Vector512.Create(a[5]);
            c50 = SimdFma.Fma(a5, b0, c50);
            c51 = SimdFma.Fma(a5, b1, c51);
            Vector512<T> a6 = Vector512.Create(a[6]);
            c60 = SimdFma.Fma(a6, b0, c60);
            c61 = SimdFma.Fma(a6, b1, c61);
            Vector512<T> a7 = Vector512.Create(a[7]);
            c70 = SimdFma.Fma(a7, b0, c70);
            c71 = SimdFma.Fma(a7, b1, c71);
            a += 8;
            b += 2 * w;
        }

        Write(c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71, c, ldc, alpha, beta);
    }

    /// <summary>
    /// The same 8×(2·W) tile straight from row-major A and B, unpacked: row r of the tile broadcasts a[r·lda + p], and
    /// B's row p is loaded where it lies. For products too small to amortise packing (n = 48 … 96), with the same
    /// FMA chain per element as <see cref="Run"/>, so the bits are those of the packed route when k ≤ KC.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunDirect(int k, T* a, nint lda, T* b, nint ldb, T* c, nint ldc, T alpha, T beta)
    {
        int w = Vector512<T>.Count;
        T* a0 = a;
        T* a1 = a + lda;
        T* a2 = a + (2 * lda);
        T* a3 = a + (3 * lda);
        T* a4 = a + (4 * lda);
        T* a5 = a + (5 * lda);
        T* a6 = a + (6 * lda);
        T* a7 = a + (7 * lda);
        Vector512<T> c00 = default; Vector512<T> c01 = default;
        Vector512<T> c10 = default; Vector512<T> c11 = default;
        Vector512<T> c20 = default; Vector512<T> c21 = default;
        Vector512<T> c30 = default; Vector512<T> c31 = default;
        Vector512<T> c40 = default; Vector512<T> c41 = default;
        Vector512<T> c50 = default; Vector512<T> c51 = default;
        Vector512<T> c60 = default; Vector512<T> c61 = default;
        Vector512<T> c70 = default; Vector512<T> c71 = default;
        for (int p = 0; p < k; p++)
        {
            Vector512<T> b0 = Vector512.Load(b);
            Vector512<T> b1 = Vector512.Load(b + w);
            Vector512<T> x0 = Vector512.Create(a0[p]);
            c00 = SimdFma.Fma(x0, b0, c00);
            c01 = SimdFma.Fma(x0, b1, c01);
            Vector512<T> x1 = Vector512.Create(a1[p]);
            c10 = SimdFma.Fma(x1, b0, c10);
            c11 = SimdFma.Fma(x1, b1, c11);
            Vector512<T> x2 = Vector512.Create(a2[p]);
            c20 = SimdFma.Fma(x2, b0, c20);
            c21 = SimdFma.Fma(x2, b1, c21);
            Vector512<T> x3 = Vector512.Create(a3[p]);
            c30 = SimdFma.Fma(x3, b0, c30);
            c31 = SimdFma.Fma(x3, b1, c31);
            Vector512<T> x4 = Vector512.Create(a4[p]);
            c40 = SimdFma.Fma(x4, b0, c40);
            c41 = SimdFma.Fma(x4, b1, c41);
            Vector512<T> x5 = Vector512.Create(a5[p]);
            c50 = SimdFma.Fma(x5, b0, c50);
            c51 = SimdFma.Fma(x5, b1, c51);
            Vector512<T> x6 = Vector512.Create(a6[p]);
            c60 = SimdFma.Fma(x6, b0, c60);
            c61 = SimdFma.Fma(x6, b1, c61);
            Vector512<T> x7 = Vector512.Create(a7[p]);
            c70 = SimdFma.Fma(x7, b0, c70);
            c71 = SimdFma.Fma(x7, b1, c71);
            b += ldb;
        }

        Write(c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71, c, ldc, alpha, beta);
    }

    /// <summary>C[0..8, 0..2·W] = α·tile (+ β·C, multiply then add).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Write(Vector512<T> c00, Vector512<T> c01, Vector512<T> c10, Vector512<T> c11,
        Vector512<T> c20, Vector512<T> c21, Vector512<T> c30, Vector512<T> c31,
        Vector512<T> c40, Vector512<T> c41, Vector512<T> c50, Vector512<T> c51,
        Vector512<T> c60, Vector512<T> c61, Vector512<T> c70, Vector512<T> c71,
        T* c, nint ldc, T alpha, T beta)
    {
        int w = Vector512<T>.Count;
        var va = Vector512.Create(alpha);
        if (beta == T.Zero)
        {
            (va * c00).Store(c + (0 * ldc) + 0);
            (va * c01).Store(c + (0 * ldc) + w);
            (va * c10).Store(c + (1 * ldc) + 0);
            (va * c11).Store(c + (1 * ldc) + w);
            (va * c20).Store(c + (2 * ldc) + 0);
            (va * c21).Store(c + (2 * ldc) + w);
            (va * c30).Store(c + (3 * ldc) + 0);
            (va * c31).Store(c + (3 * ldc) + w);
            (va * c40).Store(c + (4 * ldc) + 0);
            (va * c41).Store(c + (4 * ldc) + w);
            (va * c50).Store(c + (5 * ldc) + 0);
            (va * c51).Store(c + (5 * ldc) + w);
            (va * c60).Store(c + (6 * ldc) + 0);
            (va * c61).Store(c + (6 * ldc) + w);
            (va * c70).Store(c + (7 * ldc) + 0);
            (va * c71).Store(c + (7 * ldc) + w);
        }
        else
        {
            var vb = Vector512.Create(beta);
            Update(va * c00, vb, c + (0 * ldc) + 0);
            Update(va * c01, vb, c + (0 * ldc) + w);
            Update(va * c10, vb, c + (1 * ldc) + 0);
            Update(va * c11, vb, c + (1 * ldc) + w);
            Update(va * c20, vb, c + (2 * ldc) + 0);
            Update(va * c21, vb, c + (2 * ldc) + w);
            Update(va * c30, vb, c + (3 * ldc) + 0);
            Update(va * c31, vb, c + (3 * ldc) + w);
            Update(va * c40, vb, c + (4 * ldc) + 0);
            Update(va * c41, vb, c + (4 * ldc) + w);
            Update(va * c50, vb, c + (5 * ldc) + 0);
            Update(va * c51, vb, c + (5 * ldc) + w);
            Update(va * c60, vb, c + (6 * ldc) + 0);
            Update(va * c61, vb, c + (6 * ldc) + w);
            Update(va * c70, vb, c + (7 * ldc) + 0);
            Update(va * c71, vb, c + (7 * ldc) + w);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update(Vector512<T> alphaAb, Vector512<T> beta, T* c) =>
        (alphaAb + (beta * Vector512.Load(c))).Store(c);
}
