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
/// The AVX2 micro-kernel: a 6×(2·W) tile in 12 ymm accumulators, W = <c>Vector256&lt;T&gt;.Count</c> (6×8 in float64,
/// 6×16 in float32).
/// </summary>
internal static unsafe class GemmKernel256<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>One 6×(2·W) tile; a and b are 32-byte aligned packed strips.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, T* a, T* b, T* c, nint ldc, T alpha, T beta)
    {
        int w = Vector256<T>.Count;
        // The C tile is written at the end; asking for its lines now hides the miss behind the k loop.
        if (Sse.IsSupported)
        {
            for (int r = 0; r < 6; r++)
            {
                Sse.Prefetch0(c + (r * ldc));
            }
        }

        Vector256<T> c00 = default; Vector256<T> c01 = default;
        Vector256<T> c10 = default; Vector256<T> c11 = default;
        Vector256<T> c20 = default; Vector256<T> c21 = default;
        Vector256<T> c30 = default; Vector256<T> c31 = default;
        Vector256<T> c40 = default; Vector256<T> c41 = default;
        Vector256<T> c50 = default; Vector256<T> c51 = default;

        for (int p = 0; p < kc; p++)
        {
            Vector256<T> b0 = Vector256.Load(b + 0);
            Vector256<T> b1 = Vector256.Load(b + w);
            Vector256<T> a0 = Vector256.Create(a[0]);
            c00 = SimdFma.Fma(a0, b0, c00);
            c01 = SimdFma.Fma(a0, b1, c01);
            Vector256<T> a1 = Vector256.Create(a[1]);
            c10 = SimdFma.Fma(a1, b0, c10);
            c11 = SimdFma.Fma(a1, b1, c11);
            Vector256<T> a2 = Vector256.Create(a[2]);
            c20 = SimdFma.Fma(a2, b0, c20);
            c21 = SimdFma.Fma(a2, b1, c21);
            Vector256<T> a3 = Vector256.Create(a[3]);
            c30 = SimdFma.Fma(a3, b0, c30);
            c31 = SimdFma.Fma(a3, b1, c31);
            Vector256<T> a4 = Vector256.Create(a[4]);
            c40 = SimdFma.Fma(a4, b0, c40);
            c41 = SimdFma.Fma(a4, b1, c41);
            Vector256<T> a5 = Vector256.Create(a[5]);
            c50 = SimdFma.Fma(a5, b0, c50);
            c51 = SimdFma.Fma(a5, b1, c51);
            a += 6;
            b += 2 * w;
        }

        var va = Vector256.Create(alpha);
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
        }
        else
        {
            var vb = Vector256.Create(beta);
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
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update(Vector256<T> alphaAb, Vector256<T> beta, T* c) =>
        (alphaAb + (beta * Vector256.Load(c))).Store(c);
}
