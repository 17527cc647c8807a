using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TinyTensor.Kernels.Gemm;

/// <summary>
/// x·y + acc with one rounding, for a vector of either element type: the runtime has FusedMultiplyAdd for
/// <c>float</c> and <c>double</c> vectors but no generic one. The <c>typeof</c> test is a JIT-time constant in each
/// instantiation, so the generic kernels compile to the same single instruction as the hand-typed ones.
/// </summary>
internal static class SimdFma
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Fma<T>(Vector512<T> x, Vector512<T> y, Vector512<T> acc)
    {
        if (typeof(T) == typeof(double))
        {
            return Vector512.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), acc.AsDouble()).As<double, T>();
        }

        return Vector512.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), acc.AsSingle()).As<float, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Fma<T>(Vector256<T> x, Vector256<T> y, Vector256<T> acc)
    {
        if (typeof(T) == typeof(double))
        {
            return Vector256.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), acc.AsDouble()).As<double, T>();
        }

        return Vector256.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), acc.AsSingle()).As<float, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Fma<T>(Vector128<T> x, Vector128<T> y, Vector128<T> acc)
    {
        if (typeof(T) == typeof(double))
        {
            return Vector128.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), acc.AsDouble()).As<double, T>();
        }

        return Vector128.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), acc.AsSingle()).As<float, T>();
    }
}
