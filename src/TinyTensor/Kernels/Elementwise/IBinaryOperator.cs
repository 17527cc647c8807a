using System.Runtime.Intrinsics;

namespace TinyTensor.Kernels.Elementwise;

/// <summary>
/// An elementwise operation on two doubles, in scalar form and at every vector width, so that one generic driver
/// (<see cref="BinaryKernel"/>) runs every op and the JIT specialises it per op (TensorPrimitives' operator-struct
/// idiom: nothing virtual on the hot path).
/// </summary>
internal interface IBinaryOperator
{
    static abstract double Invoke(double x, double y);

    static abstract Vector128<double> Invoke(Vector128<double> x, Vector128<double> y);

    static abstract Vector256<double> Invoke(Vector256<double> x, Vector256<double> y);

    static abstract Vector512<double> Invoke(Vector512<double> x, Vector512<double> y);
}
