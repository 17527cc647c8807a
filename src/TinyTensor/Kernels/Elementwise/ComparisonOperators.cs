using System.Runtime.Intrinsics;

namespace TinyTensor.Kernels.Elementwise;

// A comparison gives 1.0 where it holds and 0.0 elsewhere (PyTorch's mask.double()); any comparison with NaN is
// false, as in NumPy. The vector forms AND the all-ones lane mask with 1.0.

/// <summary>x == y as 1.0/0.0.</summary>
internal readonly struct EqualOperator : IBinaryOperator
{
    public static double Invoke(double x, double y) => x == y ? 1.0 : 0.0;

    public static Vector128<double> Invoke(Vector128<double> x, Vector128<double> y) => Vector128.Equals(x, y) & Vector128<double>.One;

    public static Vector256<double> Invoke(Vector256<double> x, Vector256<double> y) => Vector256.Equals(x, y) & Vector256<double>.One;

    public static Vector512<double> Invoke(Vector512<double> x, Vector512<double> y) => Vector512.Equals(x, y) & Vector512<double>.One;
}

/// <summary>x &gt; y as 1.0/0.0.</summary>
internal readonly struct GreaterOperator : IBinaryOperator
{
    public static double Invoke(double x, double y) => x > y ? 1.0 : 0.0;

    public static Vector128<double> Invoke(Vector128<double> x, Vector128<double> y) => Vector128.GreaterThan(x, y) & Vector128<double>.One;

    public static Vector256<double> Invoke(Vector256<double> x, Vector256<double> y) => Vector256.GreaterThan(x, y) & Vector256<double>.One;

    public static Vector512<double> Invoke(Vector512<double> x, Vector512<double> y) => Vector512.GreaterThan(x, y) & Vector512<double>.One;
}

/// <summary>x ≥ y as 1.0/0.0.</summary>
internal readonly struct GreaterEqualOperator : IBinaryOperator
{
    public static double Invoke(double x, double y) => x >= y ? 1.0 : 0.0;

    public static Vector128<double> Invoke(Vector128<double> x, Vector128<double> y) => Vector128.GreaterThanOrEqual(x, y) & Vector128<double>.One;

    public static Vector256<double> Invoke(Vector256<double> x, Vector256<double> y) => Vector256.GreaterThanOrEqual(x, y) & Vector256<double>.One;

    public static Vector512<double> Invoke(Vector512<double> x, Vector512<double> y) => Vector512.GreaterThanOrEqual(x, y) & Vector512<double>.One;
}

/// <summary>x &lt; y as 1.0/0.0.</summary>
internal readonly struct LessOperator : IBinaryOperator
{
    public static double Invoke(double x, double y) => x < y ? 1.0 : 0.0;

    public static Vector128<double> Invoke(Vector128<double> x, Vector128<double> y) => Vector128.LessThan(x, y) & Vector128<double>.One;

    public static Vector256<double> Invoke(Vector256<double> x, Vector256<double> y) => Vector256.LessThan(x, y) & Vector256<double>.One;

    public static Vector512<double> Invoke(Vector512<double> x, Vector512<double> y) => Vector512.LessThan(x, y) & Vector512<double>.One;
}

/// <summary>x ≤ y as 1.0/0.0.</summary>
internal readonly struct LessEqualOperator : IBinaryOperator
{
    public static double Invoke(double x, double y) => x <= y ? 1.0 : 0.0;

    public static Vector128<double> Invoke(Vector128<double> x, Vector128<double> y) => Vector128.LessThanOrEqual(x, y) & Vector128<double>.One;

    public static Vector256<double> Invoke(Vector256<double> x, Vector256<double> y) => Vector256.LessThanOrEqual(x, y) & Vector256<double>.One;

    public static Vector512<double> Invoke(Vector512<double> x, Vector512<double> y) => Vector512.LessThanOrEqual(x, y) & Vector512<double>.One;
}
