using System.Numerics;
using System.Numerics.Tensors;

namespace TinyTensor.Kernels;

/// <summary>ReLU and its gradient, elementwise over spans of equal length, in either element type.</summary>
internal static class ReluKernel
{
    /// <summary>y = max(x, 0); NaN stays NaN, as with <c>np.maximum</c>.</summary>
    public static void Forward<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Max(x, T.Zero, y);

    /// <summary>dx = dout · (x &gt; 0): a multiplication by 1 or 0, so NaN or ∞ in dout behaves as in NumPy.</summary>
    public static void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dout, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<T>.Count)
        {
            var one = Vector<T>.One;
            for (; i <= x.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var positive = Vector.GreaterThan(new Vector<T>(x[i..]), Vector<T>.Zero);
                var mask = Vector.ConditionalSelect(positive, one, Vector<T>.Zero);
                (new Vector<T>(dout[i..]) * mask).CopyTo(dx[i..]);
            }
        }

        for (; i < x.Length; i++)
        {
            dx[i] = BackwardScalar(x[i], dout[i]);
        }
    }

    /// <summary>The scalar definition, the oracle of the tests.</summary>
    public static T BackwardScalar<T>(T x, T dout)
        where T : unmanaged, IFloatingPointIeee754<T> => dout * (x > T.Zero ? T.One : T.Zero);
}
