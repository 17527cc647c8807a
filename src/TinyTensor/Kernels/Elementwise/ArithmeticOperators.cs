using System.Numerics;
using System.Runtime.Intrinsics;

namespace TinyTensor.Kernels.Elementwise;

// + − × ÷ are correctly rounded in IEEE 754 at every width and in both element types, so every path gives NumPy's
// bits (float64 and float32 alike).

/// <summary>x + y.</summary>
internal readonly struct AddOperator : IBinaryOperator
{
    public static T Invoke<T>(T x, T y)
        where T : unmanaged, IFloatingPointIeee754<T> => x + y;

    public static Vector128<T> Invoke<T>(Vector128<T> x, Vector128<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> => x + y;

    public static Vector256<T> Invoke<T>(Vector256<T> x, Vector256<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> => x + y;

    public static Vector512<T> Invoke<T>(Vector512<T> x, Vector512<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> => x + y;
}

/// <summary>x − y.</summary>
internal readonly struct SubtractOperator : IBinaryOperator
{
    public static T Invoke<T>(T x, T y)
        where T : unmanaged, IFloatingPointIeee754<T> => x - y;

    public static Vector128<T> Invoke<T>(Vector128<T> x, Vector128<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> => x - y;

    public static Vector256<T> Invoke<T>(Vector256<T> x, Vector256<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> => x - y;

    public static Vector512<T> Invoke<T>(Vector512<T> x, Vector512<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> => x - y;
}

/// <summary>x · y.</summary>
internal readonly struct MultiplyOperator : IBinaryOperator
{
    public static T Invoke<T>(T x, T y)
        where T : unmanaged, IFloatingPointIeee754<T> => x * y;

    public static Vector128<T> Invoke<T>(Vector128<T> x, Vector128<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> => x * y;

    public static Vector256<T> Invoke<T>(Vector256<T> x, Vector256<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> => x * y;

    public static Vector512<T> Invoke<T>(Vector512<T> x, Vector512<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> => x * y;
}

/// <summary>x / y.</summary>
internal readonly struct DivideOperator : IBinaryOperator
{
    public static T Invoke<T>(T x, T y)
        where T : unmanaged, IFloatingPointIeee754<T> => x / y;

    public static Vector128<T> Invoke<T>(Vector128<T> x, Vector128<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> => x / y;

    public static Vector256<T> Invoke<T>(Vector256<T> x, Vector256<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> => x / y;

    public static Vector512<T> Invoke<T>(Vector512<T> x, Vector512<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> => x / y;
}

/// <summary>max(x, y), NaN if either is NaN (<c>np.maximum</c>; <see cref="Math.Max(double, double)"/>,
/// <see cref="MathF.Max(float, float)"/> (what <c>T.Max</c> calls) and the vector <c>Max</c> follow IEEE 754:2019
/// <c>maximum</c>, which also orders −0 below +0).</summary>
internal readonly struct MaximumOperator : IBinaryOperator
{
    public static T Invoke<T>(T x, T y)
        where T : unmanaged, IFloatingPointIeee754<T> => T.Max(x, y);

    public static Vector128<T> Invoke<T>(Vector128<T> x, Vector128<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector128.Max(x, y);

    public static Vector256<T> Invoke<T>(Vector256<T> x, Vector256<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector256.Max(x, y);

    public static Vector512<T> Invoke<T>(Vector512<T> x, Vector512<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector512.Max(x, y);
}

/// <summary>min(x, y), NaN if either is NaN (<c>np.minimum</c>).</summary>
internal readonly struct MinimumOperator : IBinaryOperator
{
    public static T Invoke<T>(T x, T y)
        where T : unmanaged, IFloatingPointIeee754<T> => T.Min(x, y);

    public static Vector128<T> Invoke<T>(Vector128<T> x, Vector128<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector128.Min(x, y);

    public static Vector256<T> Invoke<T>(Vector256<T> x, Vector256<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector256.Min(x, y);

    public static Vector512<T> Invoke<T>(Vector512<T> x, Vector512<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector512.Min(x, y);
}
