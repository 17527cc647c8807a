using System.Numerics;
using System.Numerics.Tensors;

namespace TinyTensor.Kernels;

/// <summary>Per-column z-scores: x is (N, D), mean and std are (D,). Spans and sizes only, no checks; generic over the
/// element type (one subtraction and one division per element, each rounded once: no dependence on the vector
/// width).</summary>
internal static class StandardizeKernel
{
    /// <summary>y[i, j] = (x[i, j] − mean[j]) / std[j], row by row (elementwise: the bits do not depend on the chunking).</summary>
    public static void Forward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> mean, ReadOnlySpan<T> std, int rows, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = mean.Length;
        for (int i = 0; i < rows; i++)
        {
            Span<T> row = y.Slice(i * d, d);
            TensorPrimitives.Subtract(x.Slice(i * d, d), mean, row);
            TensorPrimitives.Divide(row, std, row);
        }
    }

    /// <summary>dx[i, j] = dy[i, j] / std[j].</summary>
    public static void Backward<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> std, int rows, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = std.Length;
        for (int i = 0; i < rows; i++)
        {
            TensorPrimitives.Divide(dy.Slice(i * d, d), std, dx.Slice(i * d, d));
        }
    }
}
