using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TinyTensor.Kernels.Gemm;

/// <summary>
/// Copies blocks of op(A) and op(B) into the micro-panel layout the micro-kernels stream through, zero-padding the
/// last strip so the kernels never see a partial tile. The transposition is absorbed here: each form reads the
/// stored matrix in the order that keeps its reads sequential, so no transposed copy of a whole operand is made.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// Packs op(A)[0..mc, 0..kc] (rows i, depth p) into ⌈mc/mr⌉ strips; strip s holds rows s·mr.. as
    /// dst[s·mr·kc + p·mr + r]. <c>a</c> points at op(A)'s element (0, 0): NN stores A as (m, k), TN as (k, m).
    /// </summary>
    /// <remarks>
    /// A strip of op(A) (mr rows, k-major) has the layout of a strip of op(B)ᵀ (nr columns, k-major): packing A is
    /// packing B with the transposition flipped, so both share one routine (A·… stores op(A)'s rows contiguously,
    /// like B in …·Bᵀ; Aᵀ·… stores them as columns, like B in …·B).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void PackA<T>(Transpose transA, int mc, int kc, T* a, nint lda, T* dst, int mr)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        PackB(transA == Transpose.None ? Transpose.Transposed : Transpose.None, kc, mc, a, lda, dst, mr);

    /// <summary>
    /// Packs op(B)[0..kc, 0..nc] (depth p, columns j) into ⌈nc/nr⌉ strips; strip s holds columns s·nr.. as
    /// dst[s·nr·kc + p·nr + j]. <c>b</c> points at op(B)'s element (0, 0): NN stores B as (k, n), NT as (n, k).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB<T>(Transpose transB, int kc, int nc, T* b, nint ldb, T* dst, int nr)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Debug.Assert(kc > 0 && nc > 0);
        int strips = (nc + nr - 1) / nr;
        int fullStrips = nc / nr;
        int tail = nc - (fullStrips * nr);
        nint stripSize = (nint)nr * kc;
        if (transB == Transpose.None)
        {
            // Row by row: each row of B is read once, sequentially, and dealt out nr values to each strip.
            for (int p = 0; p < kc; p++)
            {
                T* src = b + (p * ldb);
                T* d = dst + (p * nr);
                for (int s = 0; s < fullStrips; s++, src += nr, d += stripSize)
                {
                    Copy(src, d, nr);
                }

                if (tail > 0)
                {
                    Copy(src, d, tail);
                    new Span<T>(d + tail, nr - tail).Clear();
                }
            }
        }
        else
        {
            // op(B)[p, j] = B[j, p]: each column of the strip is a contiguous row of the stored B.
            for (int s = 0; s < strips; s++)
            {
                T* d = dst + (s * stripSize);
                int cols = Math.Min(nr, nc - (s * nr));
                Transposed(b + (s * nr * ldb), ldb, cols, kc, d, nr);

                if (cols < nr)
                {
                    for (int p = 0; p < kc; p++)
                    {
                        new Span<T>(d + (p * nr) + cols, nr - cols).Clear();
                    }
                }
            }
        }
    }

    /// <summary>dst[0..count] = src[0..count] for the few values (MR or NR) of one strip row.</summary>
    /// <remarks>Inline vector moves: a span copy's call and checks cost more than the copy at this length.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy<T>(T* src, T* dst, int count)
        where T : unmanaged
    {
        int q = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; q <= count - Vector256<T>.Count; q += Vector256<T>.Count)
            {
                Vector256.Load(src + q).Store(dst + q);
            }
        }

        for (; q < count; q++)
        {
            dst[q] = src[q];
        }
    }

    /// <summary>dst[p·ldd + r] = src[r·lds + p] for r &lt; rows, p &lt; cols: a block of rows laid out column by column.</summary>
    /// <remarks>4×4 blocks go through registers (four row loads, eight shuffles, four column stores), about twice as
    /// fast here as an element-by-element scatter; the ragged rows and columns are copied one by one. float64 uses
    /// AVX's 256-bit rows, float32 SSE's 128-bit ones (the classic 4×4 float transpose).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Transposed<T>(T* src, nint lds, int rows, int cols, T* dst, nint ldd)
        where T : unmanaged
    {
        int r = 0;
        if (typeof(T) == typeof(double) ? Avx.IsSupported : Sse.IsSupported)
        {
            for (; r <= rows - 4; r += 4)
            {
                T* s = src + (r * lds);
                int p = 0;
                for (; p <= cols - 4; p += 4)
                {
                    if (typeof(T) == typeof(double))
                    {
                        Transpose4x4((double*)(s + p), lds, (double*)(dst + (p * ldd) + r), ldd);
                    }
                    else
                    {
                        Transpose4x4((float*)(s + p), lds, (float*)(dst + (p * ldd) + r), ldd);
                    }
                }

                for (; p < cols; p++)
                {
                    T* d = dst + (p * ldd) + r;
                    d[0] = s[p];
                    d[1] = s[lds + p];
                    d[2] = s[(2 * lds) + p];
                    d[3] = s[(3 * lds) + p];
                }
            }
        }

        for (; r < rows; r++)
        {
            T* s = src + (r * lds);
            T* d = dst + r;
            for (int p = 0; p < cols; p++)
            {
                d[p * ldd] = s[p];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose4x4(double* src, nint lds, double* dst, nint ldd)
    {
        Vector256<double> r0 = Vector256.Load(src);
        Vector256<double> r1 = Vector256.Load(src + lds);
        Vector256<double> r2 = Vector256.Load(src + (2 * lds));
        Vector256<double> r3 = Vector256.Load(src + (3 * lds));
        Vector256<double> t0 = Avx.UnpackLow(r0, r1);   // r0[0] r1[0] r0[2] r1[2]
        Vector256<double> t1 = Avx.UnpackHigh(r0, r1);  // r0[1] r1[1] r0[3] r1[3]
        Vector256<double> t2 = Avx.UnpackLow(r2, r3);   // r2[0] r3[0] r2[2] r3[2]
        Vector256<double> t3 = Avx.UnpackHigh(r2, r3);  // r2[1] r3[1] r2[3] r3[3]
        Avx.Permute2x128(t0, t2, 0x20).Store(dst);
        Avx.Permute2x128(t1, t3, 0x20).Store(dst + ldd);
        Avx.Permute2x128(t0, t2, 0x31).Store(dst + (2 * ldd));
        Avx.Permute2x128(t1, t3, 0x31).Store(dst + (3 * ldd));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose4x4(float* src, nint lds, float* dst, nint ldd)
    {
        Vector128<float> r0 = Vector128.Load(src);
        Vector128<float> r1 = Vector128.Load(src + lds);
        Vector128<float> r2 = Vector128.Load(src + (2 * lds));
        Vector128<float> r3 = Vector128.Load(src + (3 * lds));
        Vector128<float> t0 = Sse.UnpackLow(r0, r1);   // r0[0] r1[0] r0[1] r1[1]
        Vector128<float> t1 = Sse.UnpackLow(r2, r3);   // r2[0] r3[0] r2[1] r3[1]
        Vector128<float> t2 = Sse.UnpackHigh(r0, r1);  // r0[2] r1[2] r0[3] r1[3]
        Vector128<float> t3 = Sse.UnpackHigh(r2, r3);  // r2[2] r3[2] r2[3] r3[3]
        Sse.MoveLowToHigh(t0, t1).Store(dst);
        Sse.MoveHighToLow(t1, t0).Store(dst + ldd);
        Sse.MoveLowToHigh(t2, t3).Store(dst + (2 * ldd));
        Sse.MoveHighToLow(t3, t2).Store(dst + (3 * ldd));
    }
}
