using System.Numerics;

namespace TinyTensor.Kernels;

/// <summary>The bias of a Linear layer: adding it to every row, and its gradient, the column sums.</summary>
internal static class BiasKernel
{
    /// <summary>y[i, :] = y[i, :] + b for each of the rows; y is (rows, b.Length).</summary>
    public static void AddToRows(Span<double> y, ReadOnlySpan<double> bias, int rows)
    {
        int columns = bias.Length;
        for (int i = 0; i < rows; i++)
        {
            AddInPlace(y.Slice(i * columns, columns), bias);
        }
    }

    /// <summary>db = Σ_i dout[i, :], accumulated row after row from 0 as <c>np.sum(dout, axis=0)</c> does.</summary>
    public static void SumRows(ReadOnlySpan<double> dout, Span<double> db, int rows)
    {
        int columns = db.Length;
        db.Clear();
        for (int i = 0; i < rows; i++)
        {
            AddInPlace(db, dout.Slice(i * columns, columns));
        }
    }

    /// <summary>target += source, elementwise; a loop rather than a library call, as rows are often short.</summary>
    private static void AddInPlace(Span<double> target, ReadOnlySpan<double> source)
    {
        int j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; j <= target.Length - Vector<double>.Count; j += Vector<double>.Count)
            {
                (new Vector<double>(target[j..]) + new Vector<double>(source[j..])).CopyTo(target[j..]);
            }
        }

        for (; j < target.Length; j++)
        {
            target[j] += source[j];
        }
    }
}
