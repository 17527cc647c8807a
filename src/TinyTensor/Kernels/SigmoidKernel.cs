using System.Numerics;
using System.Numerics.Tensors;

namespace TinyTensor.Kernels;

/// <summary>The logistic sigmoid and its gradient, elementwise over spans of equal length.</summary>
internal static class SigmoidKernel
{
    /// <summary>y = 1 / (1 + exp(−x)); saturates to 0 or 1 without overflow trouble (exp(1000) = ∞ gives 0).</summary>
    public static void Forward(ReadOnlySpan<double> x, Span<double> y)
    {
        // TensorPrimitives.Sigmoid rejects empty spans; an empty input simply has an empty output.
        if (!x.IsEmpty)
        {
            TensorPrimitives.Sigmoid(x, y);
        }
    }

    /// <summary>dx = dout · (y · (1 − y)), from the forward output y, so no exp is recomputed.</summary>
    /// <remarks>The vector and the scalar loop round the same three operations in the same order: identical bits.</remarks>
    public static void Backward(ReadOnlySpan<double> y, ReadOnlySpan<double> dout, Span<double> dx)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && y.Length >= Vector<double>.Count)
        {
            var one = Vector<double>.One;
            for (; i <= y.Length - Vector<double>.Count; i += Vector<double>.Count)
            {
                var s = new Vector<double>(y[i..]);
                (new Vector<double>(dout[i..]) * (s * (one - s))).CopyTo(dx[i..]);
            }
        }

        for (; i < y.Length; i++)
        {
            dx[i] = BackwardScalar(y[i], dout[i]);
        }
    }

    /// <summary>The scalar definition of the forward pass, the oracle of the tests.</summary>
    public static double ForwardScalar(double x) => 1.0 / (1.0 + Math.Exp(-x));

    /// <summary>The scalar definition of the backward pass, given the forward output y.</summary>
    public static double BackwardScalar(double y, double dout) => dout * (y * (1.0 - y));
}
