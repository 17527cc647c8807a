using System.Numerics;

namespace TinyTensor.Kernels.Gemm;

/// <summary>
/// A register-tile micro-kernel over element type <typeparamref name="T"/> as a type, so
/// <see cref="GemmPacked.Run{T, TKernel}"/> is specialised per (type, kernel) by the JIT (static abstract members on
/// a struct: no virtual call, MR and NR are constants in the loop nest).
/// </summary>
internal unsafe interface IMicroKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Rows of the register tile.</summary>
    static abstract int MR { get; }

    /// <summary>Columns of the register tile.</summary>
    static abstract int NR { get; }

    /// <summary>C[0..MR, 0..NR] = α·Ã·B̃ + β·C (β = 0: C not read) over kc packed steps.</summary>
    static abstract void Run(int kc, T* a, T* b, T* c, nint ldc, T alpha, T beta);
}

/// <summary>The AVX-512 kernel: 8×16 in float64, 8×32 in float32.</summary>
internal readonly unsafe struct Vector512Kernel<T> : IMicroKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int MR => GemmBlocking.Vector512MR;

    public static int NR => 2 * System.Runtime.Intrinsics.Vector512<T>.Count;

    public static void Run(int kc, T* a, T* b, T* c, nint ldc, T alpha, T beta) =>
        GemmKernel512<T>.Run(kc, a, b, c, ldc, alpha, beta);
}

/// <summary>The AVX2 kernel: 6×8 in float64, 6×16 in float32.</summary>
internal readonly unsafe struct Vector256Kernel<T> : IMicroKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int MR => GemmBlocking.Vector256MR;

    public static int NR => 2 * System.Runtime.Intrinsics.Vector256<T>.Count;

    public static void Run(int kc, T* a, T* b, T* c, nint ldc, T alpha, T beta) =>
        GemmKernel256<T>.Run(kc, a, b, c, ldc, alpha, beta);
}

/// <summary>The 4×4 scalar kernel.</summary>
internal readonly unsafe struct ScalarKernel<T> : IMicroKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int MR => GemmBlocking.ScalarMR;

    public static int NR => GemmBlocking.ScalarNR;

    public static void Run(int kc, T* a, T* b, T* c, nint ldc, T alpha, T beta) =>
        GemmKernelScalar<T>.Run(kc, a, b, c, ldc, alpha, beta);
}
