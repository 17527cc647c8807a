namespace TinyTensor.Kernels.Gemm;

/// <summary>Whether a GEMM operand is used as stored or transposed (BLAS's 'N' / 'T').</summary>
internal enum Transpose
{
    /// <summary>op(X) = X.</summary>
    None,

    /// <summary>op(X) = Xᵀ, read from the stored matrix without a transposed copy.</summary>
    Transposed,
}
