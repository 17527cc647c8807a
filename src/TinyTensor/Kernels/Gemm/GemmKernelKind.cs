namespace TinyTensor.Kernels.Gemm;

/// <summary>Which micro-kernel (and small-path vector width) the GEMM uses.</summary>
internal enum GemmKernelKind
{
    /// <summary>Plain scalar code: any machine.</summary>
    Scalar,

    /// <summary>256-bit vectors with FMA (AVX2 + FMA3).</summary>
    Vector256,

    /// <summary>512-bit vectors with FMA (AVX-512F).</summary>
    Vector512,
}

/// <summary>Which route a product takes; tests force each so both are checked on every size.</summary>
internal enum GemmRoute
{
    /// <summary>The small path at or below <see cref="GemmBlocking.SmallProductLimit"/>, packed above.</summary>
    Auto,

    /// <summary>Always the unpacked small path.</summary>
    Small,

    /// <summary>Always the packed path.</summary>
    Packed,

    /// <summary>The m-vectorised thin path (<see cref="GemmThin"/>) with the Vector512 kernel, the small path else.</summary>
    Thin,

    /// <summary>The unpacked FMA tiles (<see cref="Gemm.IsDirect"/>) where the shape allows, the packed path else.</summary>
    Direct,
}
