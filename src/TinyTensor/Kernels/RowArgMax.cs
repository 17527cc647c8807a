using System.Numerics;
using TinyTensor.Kernels.Reductions;

namespace TinyTensor.Kernels;

/// <summary>The index of the largest element of each row, as <c>np.argmax(x, axis=1)</c> (the layers' and trainers'
/// predictions), in either element type: <see cref="ArgExtremum"/>'s vectorised scan.</summary>
internal static class RowArgMax
{
    /// <summary>The arg-max of each row of the (rows, columns) tensor <paramref name="x"/>, in its element type.</summary>
    public static void Compute(Tensor x, int rows, int columns, Span<int> indices)
    {
        if (x.DType == DType.Float32)
        {
            Compute(x.AsReadOnlySpan<float>(), rows, columns, indices);
        }
        else
        {
            Compute(x.AsReadOnlySpan<double>(), rows, columns, indices);
        }
    }

    /// <summary>x is (rows, columns), columns ≥ 1. The first index wins a tie; the first NaN wins over any number.</summary>
    public static void Compute<T>(ReadOnlySpan<T> x, int rows, int columns, Span<int> indices)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        ArgExtremum.Compute(x, rows, columns, 1, max: true, indices[..rows]);
}
