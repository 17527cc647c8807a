using System.Runtime.CompilerServices;

namespace TinyTensor.Kernels.Gemm;

// The micro-kernels: C[0..MR, 0..NR] = α·(Ã·B̃) + β·C over one packed MR×kc strip of A (k-major: a[p·MR + r]) and one
// packed kc×NR strip of B (b[p·NR + j]). Every accumulator is a named local so the JIT keeps the whole tile in
// registers; there is no loop over MR or NR and no edge logic (packing zero-pads, the caller handles partial tiles).
// Each element is one FMA chain over p starting from 0, then α·ab (+ β·c, multiply then add): the same operations
// whatever tile or thread computes it, which is what makes 1- and 2-thread results bit-identical.

/// <summary>The scalar micro-kernel, for machines without usable SIMD.</summary>
internal static unsafe class GemmKernelScalar
{
    /// <summary>The portable 4×4 tile, separate multiply and add (no FMA to emulate in software).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, double* a, double* b, double* c, nint ldc, double alpha, double beta)
    {
        double c00 = 0.0; double c01 = 0.0; double c02 = 0.0; double c03 = 0.0;
        double c10 = 0.0; double c11 = 0.0; double c12 = 0.0; double c13 = 0.0;
        double c20 = 0.0; double c21 = 0.0; double c22 = 0.0; double c23 = 0.0;
        double c30 = 0.0; double c31 = 0.0; double c32 = 0.0; double c33 = 0.0;

        for (int p = 0; p < kc; p++)
        {
            double b0 = b[0]; double b1 = b[1]; double b2 = b[2]; double b3 = b[3];
            double a0 = a[0];
            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
            double a1 = a[1];
            c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
            double a2 = a[2];
            c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
            double a3 = a[3];
            c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
            a += 4;
            b += 4;
        }

        if (beta == 0.0)
        {
            c[(0 * ldc) + 0] = alpha * c00; c[(0 * ldc) + 1] = alpha * c01; c[(0 * ldc) + 2] = alpha * c02; c[(0 * ldc) + 3] = alpha * c03;
            c[(1 * ldc) + 0] = alpha * c10; c[(1 * ldc) + 1] = alpha * c11; c[(1 * ldc) + 2] = alpha * c12; c[(1 * ldc) + 3] = alpha * c13;
            c[(2 * ldc) + 0] = alpha * c20; c[(2 * ldc) + 1] = alpha * c21; c[(2 * ldc) + 2] = alpha * c22; c[(2 * ldc) + 3] = alpha * c23;
            c[(3 * ldc) + 0] = alpha * c30; c[(3 * ldc) + 1] = alpha * c31; c[(3 * ldc) + 2] = alpha * c32; c[(3 * ldc) + 3] = alpha * c33;
        }
        else
        {
            c[(0 * ldc) + 0] = (alpha * c00) + (beta * c[(0 * ldc) + 0]); c[(0 * ldc) + 1] = (alpha * c01) + (beta * c[(0 * ldc) + 1]); c[(0 * ldc) + 2] = (alpha * c02) + (beta * c[(0 * ldc) + 2]); c[(0 * ldc) + 3] = (alpha * c03) + (beta * c[(0 * ldc) + 3]);
            c[(1 * ldc) + 0] = (alpha * c10) + (beta * c[(1 * ldc) + 0]); c[(1 * ldc) + 1] = (alpha * c11) + (beta * c[(1 * ldc) + 1]); c[(1 * ldc) + 2] = (alpha * c12) + (beta * c[(1 * ldc) + 2]); c[(1 * ldc) + 3] = (alpha * c13) + (beta * c[(1 * ldc) + 3]);
            c[(2 * ldc) + 0] = (alpha * c20) + (beta * c[(2 * ldc) + 0]); c[(2 * ldc) + 1] = (alpha * c21) + (beta * c[(2 * ldc) + 1]); c[(2 * ldc) + 2] = (alpha * c22) + (beta * c[(2 * ldc) + 2]); c[(2 * ldc) + 3] = (alpha * c23) + (beta * c[(2 * ldc) + 3]);
            c[(3 * ldc) + 0] = (alpha * c30) + (beta * c[(3 * ldc) + 0]); c[(3 * ldc) + 1] = (alpha * c31) + (beta * c[(3 * ldc) + 1]); c[(3 * ldc) + 2] = (alpha * c32) + (beta * c[(3 * ldc) + 2]); c[(3 * ldc) + 3] = (alpha * c33) + (beta * c[(3 * ldc) + 3]);
        }
    }
}
