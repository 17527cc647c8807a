using System.Numerics;

namespace TinyTensor.Kernels;

/// <summary>The bias of a Linear layer: adding it to every row, and its gradient, the column sums. Generic over the
/// element type (double or float); each element is one rounded addition, so the bits do not depend on the vector
/// width.</summary>
internal static class BiasKernel
{
    /// <summary>y[i, :] = y[i, :] + b for each of the rows; y is (rows, b.Length).</summary>
    public static void AddToRows<T>(Span<T> y, ReadOnlySpan<T> bias, int rows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int columns = bias.Length;
        for (int i = 0; i < rows; i++)
        {
            AddInPlace(y.Slice(i * columns, columns), bias);
        }
    }

    /// <summary>db = Σ_i dout[i, :], accumulated row after row from 0 as <c>np.sum(dout, axis=0)</c> does (PyTorch's
    /// float32 <c>sum(0)</c> orders its additions otherwise: equal within rounding, not bit for bit).</summary>
    public static void SumRows<T>(ReadOnlySpan<T> dout, Span<T> db, int rows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int columns = db.Length;
        db.Clear();
        for (int i = 0; i < rows; i++)
        {
            AddInPlace(db, dout.Slice(i * columns, columns));
        }
    }

    /// <summary>target += source, elementwise; a loop rather than a library call, as rows are often short.</summary>
    private static void AddInPlace<T>(Span<T> target, ReadOnlySpan<T> source)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; j <= target.Length - Vector<T>.Count; j += Vector<T>.Count)
            {
                (new Vector<T>(target[j..]) + new Vector<T>(source[j..])).CopyTo(target[j..]);
            }
        }

        for (; j < target.Length; j++)
        {
            target[j] += source[j];
        }
    }
}
