using TinyTensor.Kernels.Elementwise;

namespace TinyTensor;

/// <remarks>Comparisons broadcast like the arithmetic ops and return 1 where the comparison holds and 0 elsewhere, in
/// the operands' element type (PyTorch's <c>mask.double()</c>/<c>mask.float()</c>, NumPy's
/// <c>(a &gt; b).astype(a.dtype)</c>); a comparison with NaN is false. Operands of different types throw, naming both;
/// a scalar is rounded to a float32 tensor's type first (NumPy compares <c>float32_array &gt; 0.1</c> with 0.1 as a
/// float32).</remarks>
public sealed partial class Tensor
{
    /// <summary>1.0 where a == b, else 0.0; broadcast.</summary>
    public static Tensor Equal(Tensor a, Tensor b) => Binary<EqualOperator>(a, b, nameof(Equal));

    /// <summary>1.0 where a == b, else 0.0.</summary>
    public static Tensor Equal(Tensor a, double b) => Scalar<EqualOperator>(a, b);

    /// <summary>1.0 where a &gt; b, else 0.0; broadcast.</summary>
    public static Tensor Greater(Tensor a, Tensor b) => Binary<GreaterOperator>(a, b, nameof(Greater));

    /// <summary>1.0 where a &gt; b, else 0.0.</summary>
    public static Tensor Greater(Tensor a, double b) => Scalar<GreaterOperator>(a, b);

    /// <summary>1.0 where a ≥ b, else 0.0; broadcast.</summary>
    public static Tensor GreaterEqual(Tensor a, Tensor b) => Binary<GreaterEqualOperator>(a, b, nameof(GreaterEqual));

    /// <summary>1.0 where a ≥ b, else 0.0.</summary>
    public static Tensor GreaterEqual(Tensor a, double b) => Scalar<GreaterEqualOperator>(a, b);

    /// <summary>1.0 where a &lt; b, else 0.0; broadcast.</summary>
    public static Tensor Less(Tensor a, Tensor b) => Binary<LessOperator>(a, b, nameof(Less));

    /// <summary>1.0 where a &lt; b, else 0.0.</summary>
    public static Tensor Less(Tensor a, double b) => Scalar<LessOperator>(a, b);

    /// <summary>1.0 where a ≤ b, else 0.0; broadcast.</summary>
    public static Tensor LessEqual(Tensor a, Tensor b) => Binary<LessEqualOperator>(a, b, nameof(LessEqual));

    /// <summary>1.0 where a ≤ b, else 0.0.</summary>
    public static Tensor LessEqual(Tensor a, double b) => Scalar<LessEqualOperator>(a, b);
}
