namespace TinyTensor.Kernels.Gemm;

/// <summary>Which micro-kernel (and small-path vector width) the GEMM uses: the ISA axis of the routing plan.</summary>
internal enum GemmKernelKind
{
    /// <summary>Plain scalar code: any machine.</summary>
    Scalar,

    /// <summary>256-bit vectors with FMA (AVX2 + FMA3).</summary>
    Vector256,

    /// <summary>512-bit vectors with FMA (AVX-512F).</summary>
    Vector512,
}

/// <summary>
/// A route of the GEMM (<see cref="GemmPlanner"/> has the table that chooses one). <see cref="Auto"/> is only a
/// request: a plan always names one of the four concrete routes. Tests force each so every route sees every size.
/// </summary>
internal enum GemmRoute
{
    /// <summary>Let <see cref="GemmPlanner.Plan"/> choose from the shape.</summary>
    Auto,

    /// <summary>The unpacked small path (<see cref="GemmSmall"/>), NumPy's summation order.</summary>
    Small,

    /// <summary>The packed BLIS path (<see cref="GemmPacked"/>).</summary>
    Packed,

    /// <summary>The m-vectorised thin path (<see cref="GemmThin"/>); forced on a kernel other than Vector512 it is the small path.</summary>
    Thin,

    /// <summary>The unpacked FMA tiles (<see cref="GemmPlanner.IsDirect"/>); forced on a shape that does not allow it, the packed path.</summary>
    Direct,
}
