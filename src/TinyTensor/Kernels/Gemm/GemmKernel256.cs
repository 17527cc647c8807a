using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TinyTensor.Kernels.Gemm;

// The micro-kernels: C[0..MR, 0..NR] = α·(Ã·B̃) + β·C over one packed MR×kc strip of A (k-major: a[p·MR + r]) and one
// packed kc×NR strip of B (b[p·NR + j]). Every accumulator is a named local so the JIT keeps the whole tile in
// registers; there is no loop over MR or NR and no edge logic (packing zero-pads, the caller handles partial tiles).
// Each element is one FMA chain over p starting from 0, then α·ab (+ β·c, multiply then add): the same operations
// whatever tile or thread computes it, which is what makes 1- and 2-thread results bit-identical.

/// <summary>The AVX2 micro-kernel: a 6×8 tile in 12 ymm accumulators.</summary>
internal static unsafe class GemmKernel256
{
    /// <summary>One 6×8 tile; a and b are 32-byte aligned packed strips.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, double* a, double* b, double* c, nint ldc, double alpha, double beta)
    {
        // The C tile is written at the end; asking for its lines now hides the miss behind the k loop.
        if (Sse.IsSupported)
        {
            for (int r = 0; r < 6; r++)
            {
                Sse.Prefetch0(c + (r * ldc));
            }
        }

        Vector256<double> c00 = default; Vector256<double> c01 = default;
        Vector256<double> c10 = default; Vector256<double> c11 = default;
        Vector256<double> c20 = default; Vector256<double> c21 = default;
        Vector256<double> c30 = default; Vector256<double> c31 = default;
        Vector256<double> c40 = default; Vector256<double> c41 = default;
        Vector256<double> c50 = default; Vector256<double> c51 = default;

        for (int p = 0; p < kc; p++)
        {
            Vector256<double> b0 = Vector256.Load(b + 0);
            Vector256<double> b1 = Vector256.Load(b + 4);
            Vector256<double> a0 = Vector256.Create(a[0]);
            c00 = Vector256.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
            Vector256<double> a1 = Vector256.Create(a[1]);
            c10 = Vector256.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
            Vector256<double> a2 = Vector256.Create(a[2]);
            c20 = Vector256.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
            Vector256<double> a3 = Vector256.Create(a[3]);
            c30 = Vector256.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
            Vector256<double> a4 = Vector256.Create(a[4]);
            c40 = Vector256.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(a4, b1, c41);
            Vector256<double> a5 = Vector256.Create(a[5]);
            c50 = Vector256.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(a5, b1, c51);
            a += 6;
            b += 8;
        }

        var va = Vector256.Create(alpha);
        if (beta == 0.0)
        {
            (va * c00).Store(c + (0 * ldc) + 0);
            (va * c01).Store(c + (0 * ldc) + 4);
            (va * c10).Store(c + (1 * ldc) + 0);
            (va * c11).Store(c + (1 * ldc) + 4);
            (va * c20).Store(c + (2 * ldc) + 0);
            (va * c21).Store(c + (2 * ldc) + 4);
            (va * c30).Store(c + (3 * ldc) + 0);
            (va * c31).Store(c + (3 * ldc) + 4);
            (va * c40).Store(c + (4 * ldc) + 0);
            (va * c41).Store(c + (4 * ldc) + 4);
            (va * c50).Store(c + (5 * ldc) + 0);
            (va * c51).Store(c + (5 * ldc) + 4);
        }
        else
        {
            var vb = Vector256.Create(beta);
            Update(va * c00, vb, c + (0 * ldc) + 0);
            Update(va * c01, vb, c + (0 * ldc) + 4);
            Update(va * c10, vb, c + (1 * ldc) + 0);
            Update(va * c11, vb, c + (1 * ldc) + 4);
            Update(va * c20, vb, c + (2 * ldc) + 0);
            Update(va * c21, vb, c + (2 * ldc) + 4);
            Update(va * c30, vb, c + (3 * ldc) + 0);
            Update(va * c31, vb, c + (3 * ldc) + 4);
            Update(va * c40, vb, c + (4 * ldc) + 0);
            Update(va * c41, vb, c + (4 * ldc) + 4);
            Update(va * c50, vb, c + (5 * ldc) + 0);
            Update(va * c51, vb, c + (5 * ldc) + 4);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update(Vector256<double> alphaAb, Vector256<double> beta, double* c) =>
        (alphaAb + (beta * Vector256.Load(c))).Store(c);
}
