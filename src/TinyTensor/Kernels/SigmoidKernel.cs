using System.Numerics;
using System.Numerics.Tensors;

namespace TinyTensor.Kernels;

/// <summary>The logistic sigmoid and its gradient, elementwise over spans of equal length, in either element type.</summary>
internal static class SigmoidKernel
{
    /// <summary>y = 1 / (1 + exp(−x)); saturates to 0 or 1 without overflow trouble (exp(1000) = ∞ gives 0).</summary>
    public static void Forward<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // TensorPrimitives.Sigmoid rejects empty spans; an empty input simply has an empty output.
        if (!x.IsEmpty)
        {
            TensorPrimitives.Sigmoid(x, y);
        }
    }

    /// <summary>dx = dout · (y · (1 − y)), from the forward output y, so no exp is recomputed.</summary>
    /// <remarks>The vector and the scalar loop round the same three operations in the same order: identical bits.</remarks>
    public static void Backward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dout, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && y.Length >= Vector<T>.Count)
        {
            var one = Vector<T>.One;
            for (; i <= y.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var s = new Vector<T>(y[i..]);
                (new Vector<T>(dout[i..]) * (s * (one - s))).CopyTo(dx[i..]);
            }
        }

        for (; i < y.Length; i++)
        {
            dx[i] = BackwardScalar(y[i], dout[i]);
        }
    }

    /// <summary>The scalar definition of the forward pass, the oracle of the tests.</summary>
    public static T ForwardScalar<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T> => T.One / (T.One + T.Exp(-x));

    /// <summary>The scalar definition of the backward pass, given the forward output y.</summary>
    public static T BackwardScalar<T>(T y, T dout)
        where T : unmanaged, IFloatingPointIeee754<T> => dout * (y * (T.One - y));
}
