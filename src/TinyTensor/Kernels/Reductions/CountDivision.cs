using System.Numerics;
using System.Numerics.Tensors;

namespace TinyTensor.Kernels.Reductions;

/// <summary>
/// NumPy's division of a sum by its element count in <c>_mean</c>/<c>_var</c> (numpy/core/_methods.py): the count is
/// an integer, so NumPy 1.24 divides in float64 (a float32 scalar over an intp scalar, or a float32 array over a count
/// that float32 cannot hold safely) or in the array's type, and casts the quotient to the element type. Both give the
/// correctly rounded quotient of the two exact values: rounding a float64 quotient of float32 operands to float32 is
/// the same as dividing in float32 (53 ≥ 2·24 + 2 bits), as long as the count is exact in float32.
/// </summary>
internal static class CountDivision
{
    /// <summary>value / count, correctly rounded in T.</summary>
    public static T Divide<T>(T value, int count)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(double) ? value / T.CreateTruncating(count) : T.CreateTruncating(double.CreateTruncating(value) / count);

    /// <summary>values[i] /= count, correctly rounded in T (vectorised while the count is exact in T).</summary>
    public static void DivideInPlace<T>(Span<T> values, int count)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T divisor = T.CreateTruncating(count);
        if (int.CreateTruncating(divisor) == count)
        {
            TensorPrimitives.Divide(values, divisor, values);
            return;
        }

        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Divide(values[i], count);
        }
    }
}
