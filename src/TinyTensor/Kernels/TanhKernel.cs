using System.Numerics;
using System.Numerics.Tensors;

namespace TinyTensor.Kernels;

/// <summary>The hyperbolic tangent and its gradient, elementwise over spans of equal length.</summary>
internal static class TanhKernel
{
    /// <summary>y = tanh(x).</summary>
    public static void Forward(ReadOnlySpan<double> x, Span<double> y) => TensorPrimitives.Tanh(x, y);

    /// <summary>dx = dout · (1 − y·y), from the forward output y.</summary>
    /// <remarks>The vector and the scalar loop round the same three operations in the same order: identical bits.</remarks>
    public static void Backward(ReadOnlySpan<double> y, ReadOnlySpan<double> dout, Span<double> dx)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && y.Length >= Vector<double>.Count)
        {
            var one = Vector<double>.One;
            for (; i <= y.Length - Vector<double>.Count; i += Vector<double>.Count)
            {
                var t = new Vector<double>(y[i..]);
                (new Vector<double>(dout[i..]) * (one - (t * t))).CopyTo(dx[i..]);
            }
        }

        for (; i < y.Length; i++)
        {
            dx[i] = BackwardScalar(y[i], dout[i]);
        }
    }

    /// <summary>The scalar definition of the forward pass, the oracle of the tests.</summary>
    public static double ForwardScalar(double x) => Math.Tanh(x);

    /// <summary>The scalar definition of the backward pass, given the forward output y.</summary>
    public static double BackwardScalar(double y, double dout) => dout * (1.0 - (y * y));
}
