using System.Numerics;
using System.Runtime.Intrinsics;

namespace TinyTensor.Kernels.Elementwise;

/// <summary>
/// An elementwise operation on two values of element type <c>T</c> (double or float), in scalar form and at every
/// vector width, so that one generic driver (<see cref="BinaryKernel"/>) runs every op and the JIT specialises it per
/// op and per element type (TensorPrimitives' operator-struct idiom: nothing virtual on the hot path).
/// </summary>
/// <remarks>The methods, not the structs, are generic in <c>T</c>: an op is one name (<c>AddOperator</c>) whatever the
/// element type, so a caller that picks an op (<c>Extremum&lt;MaximumOperator&gt;</c>) needs no type argument for it,
/// and the element type is chosen once where the spans are.</remarks>
internal interface IBinaryOperator
{
    static abstract T Invoke<T>(T x, T y)
        where T : unmanaged, IFloatingPointIeee754<T>;

    static abstract Vector128<T> Invoke<T>(Vector128<T> x, Vector128<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>;

    static abstract Vector256<T> Invoke<T>(Vector256<T> x, Vector256<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>;

    static abstract Vector512<T> Invoke<T>(Vector512<T> x, Vector512<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>;
}
