using System.Numerics.Tensors;

namespace TinyTensor.Kernels;

/// <summary>Per-column z-scores: x is (N, D), mean and std are (D,). Spans and sizes only, no checks.</summary>
internal static class StandardizeKernel
{
    /// <summary>y[i, j] = (x[i, j] − mean[j]) / std[j], row by row (elementwise: the bits do not depend on the chunking).</summary>
    public static void Forward(ReadOnlySpan<double> x, ReadOnlySpan<double> mean, ReadOnlySpan<double> std, int rows, Span<double> y)
    {
        int d = mean.Length;
        for (int i = 0; i < rows; i++)
        {
            Span<double> row = y.Slice(i * d, d);
            TensorPrimitives.Subtract(x.Slice(i * d, d), mean, row);
            TensorPrimitives.Divide(row, std, row);
        }
    }

    /// <summary>dx[i, j] = dy[i, j] / std[j].</summary>
    public static void Backward(ReadOnlySpan<double> dy, ReadOnlySpan<double> std, int rows, Span<double> dx)
    {
        int d = std.Length;
        for (int i = 0; i < rows; i++)
        {
            TensorPrimitives.Divide(dy.Slice(i * d, d), std, dx.Slice(i * d, d));
        }
    }
}
