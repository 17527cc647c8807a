using System.Runtime.Intrinsics;

namespace TinyTensor.Kernels.Elementwise;

// + − × ÷ are correctly rounded in IEEE 754 at every width, so every path gives NumPy's bits.

/// <summary>x + y.</summary>
internal readonly struct AddOperator : IBinaryOperator
{
    public static double Invoke(double x, double y) => x + y;

    public static Vector128<double> Invoke(Vector128<double> x, Vector128<double> y) => x + y;

    public static Vector256<double> Invoke(Vector256<double> x, Vector256<double> y) => x + y;

    public static Vector512<double> Invoke(Vector512<double> x, Vector512<double> y) => x + y;
}

/// <summary>x − y.</summary>
internal readonly struct SubtractOperator : IBinaryOperator
{
    public static double Invoke(double x, double y) => x - y;

    public static Vector128<double> Invoke(Vector128<double> x, Vector128<double> y) => x - y;

    public static Vector256<double> Invoke(Vector256<double> x, Vector256<double> y) => x - y;

    public static Vector512<double> Invoke(Vector512<double> x, Vector512<double> y) => x - y;
}

/// <summary>x · y.</summary>
internal readonly struct MultiplyOperator : IBinaryOperator
{
    public static double Invoke(double x, double y) => x * y;

    public static Vector128<double> Invoke(Vector128<double> x, Vector128<double> y) => x * y;

    public static Vector256<double> Invoke(Vector256<double> x, Vector256<double> y) => x * y;

    public static Vector512<double> Invoke(Vector512<double> x, Vector512<double> y) => x * y;
}

/// <summary>x / y.</summary>
internal readonly struct DivideOperator : IBinaryOperator
{
    public static double Invoke(double x, double y) => x / y;

    public static Vector128<double> Invoke(Vector128<double> x, Vector128<double> y) => x / y;

    public static Vector256<double> Invoke(Vector256<double> x, Vector256<double> y) => x / y;

    public static Vector512<double> Invoke(Vector512<double> x, Vector512<double> y) => x / y;
}

/// <summary>max(x, y), NaN if either is NaN (<c>np.maximum</c>; <see cref="Math.Max(double, double)"/> and the vector
/// <c>Max</c> follow IEEE 754:2019 <c>maximum</c>, which also orders −0 below +0).</summary>
internal readonly struct MaximumOperator : IBinaryOperator
{
    public static double Invoke(double x, double y) => Math.Max(x, y);

    public static Vector128<double> Invoke(Vector128<double> x, Vector128<double> y) => Vector128.Max(x, y);

    public static Vector256<double> Invoke(Vector256<double> x, Vector256<double> y) => Vector256.Max(x, y);

    public static Vector512<double> Invoke(Vector512<double> x, Vector512<double> y) => Vector512.Max(x, y);
}

/// <summary>min(x, y), NaN if either is NaN (<c>np.minimum</c>).</summary>
internal readonly struct MinimumOperator : IBinaryOperator
{
    public static double Invoke(double x, double y) => Math.Min(x, y);

    public static Vector128<double> Invoke(Vector128<double> x, Vector128<double> y) => Vector128.Min(x, y);

    public static Vector256<double> Invoke(Vector256<double> x, Vector256<double> y) => Vector256.Min(x, y);

    public static Vector512<double> Invoke(Vector512<double> x, Vector512<double> y) => Vector512.Min(x, y);
}
