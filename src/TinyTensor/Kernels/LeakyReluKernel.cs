using System.Numerics;

namespace TinyTensor.Kernels;

/// <summary>The leaky ReLU and its gradient, elementwise over spans of equal length, in either element type.</summary>
/// <remarks>
/// As PyTorch's <c>leaky_relu</c>: y = x for x &gt; 0, slope·x otherwise; the gradient at exactly 0 is the slope
/// (PyTorch's backward tests <c>x &gt; 0</c>). NaN propagates through slope·x. In float32 the slope is rounded to
/// float32 first, as PyTorch converts its <c>negative_slope</c> scalar to the tensor's type.
/// </remarks>
internal static class LeakyReluKernel
{
    public static void Forward<T>(ReadOnlySpan<T> x, Span<T> y, T negativeSlope)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<T>.Count)
        {
            var slope = new Vector<T>(negativeSlope);
            for (; i <= x.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var v = new Vector<T>(x[i..]);
                Vector.ConditionalSelect(Vector.GreaterThan(v, Vector<T>.Zero), v, v * slope).CopyTo(y[i..]);
            }
        }

        for (; i < x.Length; i++)
        {
            y[i] = ForwardScalar(x[i], negativeSlope);
        }
    }

    /// <summary>dx = dout for x &gt; 0, dout·slope otherwise.</summary>
    public static void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dout, Span<T> dx, T negativeSlope)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<T>.Count)
        {
            var slope = new Vector<T>(negativeSlope);
            for (; i <= x.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var g = new Vector<T>(dout[i..]);
                var positive = Vector.GreaterThan(new Vector<T>(x[i..]), Vector<T>.Zero);
                Vector.ConditionalSelect(positive, g, g * slope).CopyTo(dx[i..]);
            }
        }

        for (; i < x.Length; i++)
        {
            dx[i] = BackwardScalar(x[i], dout[i], negativeSlope);
        }
    }

    /// <summary>The scalar definition of the forward pass, the oracle of the tests.</summary>
    public static T ForwardScalar<T>(T x, T negativeSlope)
        where T : unmanaged, IFloatingPointIeee754<T> => x > T.Zero ? x : x * negativeSlope;

    /// <summary>The scalar definition of the backward pass.</summary>
    public static T BackwardScalar<T>(T x, T dout, T negativeSlope)
        where T : unmanaged, IFloatingPointIeee754<T> => x > T.Zero ? dout : dout * negativeSlope;
}
