using System.Numerics;
using System.Runtime.CompilerServices;

namespace TinyTensor.Kernels.Gemm;

// The micro-kernels: C[0..MR, 0..NR] = α·(Ã·B̃) + β·C over one packed MR×kc strip of A (k-major: a[p·MR + r]) and one
// packed kc×NR strip of B (b[p·NR + j]). Every accumulator is a named local so the JIT keeps the whole tile in
// registers; there is no loop over MR or NR and no edge logic (packing zero-pads, the caller handles partial tiles).
// Each element is one FMA chain over p starting from 0, then α·ab (+ β·c, multiply then add): the same operations
// whatever tile or thread computes it, which is what makes 1- and 2-thread results bit-identical.

/// <summary>The scalar micro-kernel, for machines without usable SIMD.</summary>
internal static unsafe class GemmKernelScalar<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The portable 4×4 tile, separate multiply and add (no FMA to emulate in software).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, T* a, T* b, T* c, nint ldc, T alpha, T beta)
    {
        T c00 = T.Zero; T c01 = T.Zero; T c02 = T.Zero; T c03 = T.Zero;
        T c10 = T.Zero; T c11 = T.Zero; T c12 = T.Zero; T c13 = T.Zero;
        T c20 = T.Zero; T c21 = T.Zero; T c22 = T.Zero; T c23 = T.Zero;
        T c30 = T.Zero; T c31 = T.Zero; T c32 = T.Zero; T c33 = T.Zero;

        for (int p = 0; p < kc; p++)
        {
            T b0 = b[0]; T b1 = b[1]; T b2 = b[2]; T b3 = b[3];
            T a0 = a[0];
            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
            T a1 = a[1];
            c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
            T a2 = a[2];
            c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
            T a3 = a[3];
            c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
            a += 4;
            b += 4;
        }

        if (beta == T.Zero)
        {
            T* row0 = c + (0 * ldc);
            row0[0] = alpha * c00; row0[1] = alpha * c01; row0[2] = alpha * c02; row0[3] = alpha * c03;
            T* row1 = c + (1 * ldc);
            row1[0] = alpha * c10; row1[1] = alpha * c11; row1[2] = alpha * c12; row1[3] = alpha * c13;
            T* row2 = c + (2 * ldc);
            row2[0] = alpha * c20; row2[1] = alpha * c21; row2[2] = alpha * c22; row2[3] = alpha * c23;
            T* row3 = c + (3 * ldc);
            row3[0] = alpha * c30; row3[1] = alpha * c31; row3[2] = alpha * c32; row3[3] = alpha * c33;
        }
        else
        {
            T* row0 = c + (0 * ldc);
            row0[0] = (alpha * c00) + (beta * row0[0]);
            row0[1] = (alpha * c01) + (beta * row0[1]);
            row0[2] = (alpha * c02) + (beta * row0[2]);
            row0[3] = (alpha * c03) + (beta * row0[3]);
            T* row1 = c + (1 * ldc);
            row1[0] = (alpha * c10) + (beta * row1[0]);
            row1[1] = (alpha * c11) + (beta * row1[1]);
            row1[2] = (alpha * c12) + (beta * row1[2]);
            row1[3] = (alpha * c13) + (beta * row1[3]);
            T* row2 = c + (2 * ldc);
            row2[0] = (alpha * c20) + (beta * row2[0]);
            row2[1] = (alpha * c21) + (beta * row2[1]);
            row2[2] = (alpha * c22) + (beta * row2[2]);
            row2[3] = (alpha * c23) + (beta * row2[3]);
            T* row3 = c + (3 * ldc);
            row3[0] = (alpha * c30) + (beta * row3[0]);
            row3[1] = (alpha * c31) + (beta * row3[1]);
            row3[2] = (alpha * c32) + (beta * row3[2]);
            row3[3] = (alpha * c33) + (beta * row3[3]);
        }
    }
}
