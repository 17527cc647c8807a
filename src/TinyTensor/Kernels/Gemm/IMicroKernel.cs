namespace TinyTensor.Kernels.Gemm;

/// <summary>
/// A register-tile micro-kernel as a type, so <see cref="GemmPacked.Run{TKernel}"/> is specialised per kernel by
/// the JIT (static abstract members on a struct: no virtual call, MR and NR are constants in the loop nest).
/// </summary>
internal unsafe interface IMicroKernel
{
    /// <summary>Rows of the register tile.</summary>
    static abstract int MR { get; }

    /// <summary>Columns of the register tile.</summary>
    static abstract int NR { get; }

    /// <summary>C[0..MR, 0..NR] = α·Ã·B̃ + β·C (β = 0: C not read) over kc packed steps.</summary>
    static abstract void Run(int kc, double* a, double* b, double* c, nint ldc, double alpha, double beta);
}

/// <summary>The 8×16 AVX-512 kernel.</summary>
internal readonly unsafe struct Vector512Kernel : IMicroKernel
{
    public static int MR => GemmBlocking.Vector512MR;

    public static int NR => GemmBlocking.Vector512NR;

    public static void Run(int kc, double* a, double* b, double* c, nint ldc, double alpha, double beta) =>
        GemmKernel512.Run(kc, a, b, c, ldc, alpha, beta);
}

/// <summary>The 6×8 AVX2 kernel.</summary>
internal readonly unsafe struct Vector256Kernel : IMicroKernel
{
    public static int MR => GemmBlocking.Vector256MR;

    public static int NR => GemmBlocking.Vector256NR;

    public static void Run(int kc, double* a, double* b, double* c, nint ldc, double alpha, double beta) =>
        GemmKernel256.Run(kc, a, b, c, ldc, alpha, beta);
}

/// <summary>The 4×4 scalar kernel.</summary>
internal readonly unsafe struct ScalarKernel : IMicroKernel
{
    public static int MR => GemmBlocking.ScalarMR;

    public static int NR => GemmBlocking.ScalarNR;

    public static void Run(int kc, double* a, double* b, double* c, nint ldc, double alpha, double beta) =>
        GemmKernelScalar.Run(kc, a, b, c, ldc, alpha, beta);
}
