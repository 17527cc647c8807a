using System.Numerics;
using System.Runtime.Intrinsics;

namespace TinyTensor.Kernels.Elementwise;

// A comparison gives 1 where it holds and 0 elsewhere, in the operands' element type (PyTorch's mask.double() or
// mask.float()); any comparison with NaN is false, as in NumPy. The vector forms AND the all-ones lane mask with 1.

/// <summary>x == y as 1/0.</summary>
internal readonly struct EqualOperator : IBinaryOperator
{
    public static T Invoke<T>(T x, T y)
        where T : unmanaged, IFloatingPointIeee754<T> => x == y ? T.One : T.Zero;

    public static Vector128<T> Invoke<T>(Vector128<T> x, Vector128<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector128.Equals(x, y) & Vector128<T>.One;

    public static Vector256<T> Invoke<T>(Vector256<T> x, Vector256<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector256.Equals(x, y) & Vector256<T>.One;

    public static Vector512<T> Invoke<T>(Vector512<T> x, Vector512<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector512.Equals(x, y) & Vector512<T>.One;
}

/// <summary>x &gt; y as 1/0.</summary>
internal readonly struct GreaterOperator : IBinaryOperator
{
    public static T Invoke<T>(T x, T y)
        where T : unmanaged, IFloatingPointIeee754<T> => x > y ? T.One : T.Zero;

    public static Vector128<T> Invoke<T>(Vector128<T> x, Vector128<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector128.GreaterThan(x, y) & Vector128<T>.One;

    public static Vector256<T> Invoke<T>(Vector256<T> x, Vector256<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector256.GreaterThan(x, y) & Vector256<T>.One;

    public static Vector512<T> Invoke<T>(Vector512<T> x, Vector512<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector512.GreaterThan(x, y) & Vector512<T>.One;
}

/// <summary>x ≥ y as 1/0.</summary>
internal readonly struct GreaterEqualOperator : IBinaryOperator
{
    public static T Invoke<T>(T x, T y)
        where T : unmanaged, IFloatingPointIeee754<T> => x >= y ? T.One : T.Zero;

    public static Vector128<T> Invoke<T>(Vector128<T> x, Vector128<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector128.GreaterThanOrEqual(x, y) & Vector128<T>.One;

    public static Vector256<T> Invoke<T>(Vector256<T> x, Vector256<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector256.GreaterThanOrEqual(x, y) & Vector256<T>.One;

    public static Vector512<T> Invoke<T>(Vector512<T> x, Vector512<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector512.GreaterThanOrEqual(x, y) & Vector512<T>.One;
}

/// <summary>x &lt; y as 1/0.</summary>
internal readonly struct LessOperator : IBinaryOperator
{
    public static T Invoke<T>(T x, T y)
        where T : unmanaged, IFloatingPointIeee754<T> => x < y ? T.One : T.Zero;

    public static Vector128<T> Invoke<T>(Vector128<T> x, Vector128<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector128.LessThan(x, y) & Vector128<T>.One;

    public static Vector256<T> Invoke<T>(Vector256<T> x, Vector256<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector256.LessThan(x, y) & Vector256<T>.One;

    public static Vector512<T> Invoke<T>(Vector512<T> x, Vector512<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector512.LessThan(x, y) & Vector512<T>.One;
}

/// <summary>x ≤ y as 1/0.</summary>
internal readonly struct LessEqualOperator : IBinaryOperator
{
    public static T Invoke<T>(T x, T y)
        where T : unmanaged, IFloatingPointIeee754<T> => x <= y ? T.One : T.Zero;

    public static Vector128<T> Invoke<T>(Vector128<T> x, Vector128<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector128.LessThanOrEqual(x, y) & Vector128<T>.One;

    public static Vector256<T> Invoke<T>(Vector256<T> x, Vector256<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector256.LessThanOrEqual(x, y) & Vector256<T>.One;

    public static Vector512<T> Invoke<T>(Vector512<T> x, Vector512<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> => Vector512.LessThanOrEqual(x, y) & Vector512<T>.One;
}
