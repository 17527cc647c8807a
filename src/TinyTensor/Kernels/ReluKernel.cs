using System.Numerics;
using System.Numerics.Tensors;

namespace TinyTensor.Kernels;

/// <summary>ReLU and its gradient, elementwise over spans of equal length.</summary>
internal static class ReluKernel
{
    /// <summary>y = max(x, 0); NaN stays NaN, as with <c>np.maximum</c>.</summary>
    public static void Forward(ReadOnlySpan<double> x, Span<double> y) => TensorPrimitives.Max(x, 0.0, y);

    /// <summary>dx = dout · (x &gt; 0): a multiplication by 1 or 0, so NaN or ∞ in dout behaves as in NumPy.</summary>
    public static void Backward(ReadOnlySpan<double> x, ReadOnlySpan<double> dout, Span<double> dx)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<double>.Count)
        {
            var one = Vector<double>.One;
            for (; i <= x.Length - Vector<double>.Count; i += Vector<double>.Count)
            {
                var positive = Vector.GreaterThan(new Vector<double>(x[i..]), Vector<double>.Zero);
                var mask = Vector.ConditionalSelect(positive, one, Vector<double>.Zero);
                (new Vector<double>(dout[i..]) * mask).CopyTo(dx[i..]);
            }
        }

        for (; i < x.Length; i++)
        {
            dx[i] = dout[i] * (x[i] > 0.0 ? 1.0 : 0.0);
        }
    }

    /// <summary>The scalar definition, the oracle of the tests.</summary>
    public static double BackwardScalar(double x, double dout) => dout * (x > 0.0 ? 1.0 : 0.0);
}
