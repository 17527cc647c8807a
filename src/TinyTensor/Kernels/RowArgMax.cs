using TinyTensor.Kernels.Reductions;

namespace TinyTensor.Kernels;

/// <summary>The index of the largest element of each row, as <c>np.argmax(x, axis=1)</c> (the layers' and trainers'
/// predictions; <see cref="ArgExtremum"/> does the work, vectorised).</summary>
internal static class RowArgMax
{
    /// <summary>x is (rows, columns), columns ≥ 1. The first index wins a tie; the first NaN wins over any number.</summary>
    public static void Compute(ReadOnlySpan<double> x, int rows, int columns, Span<int> indices) =>
        ArgExtremum.Compute(x, rows, columns, 1, max: true, indices[..rows]);
}
