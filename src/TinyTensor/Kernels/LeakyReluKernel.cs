using System.Numerics;

namespace TinyTensor.Kernels;

/// <summary>The leaky ReLU and its gradient, elementwise over spans of equal length.</summary>
/// <remarks>
/// As PyTorch's <c>leaky_relu</c>: y = x for x &gt; 0, slope·x otherwise; the gradient at exactly 0 is the slope
/// (PyTorch's backward tests <c>x &gt; 0</c>). NaN propagates through slope·x.
/// </remarks>
internal static class LeakyReluKernel
{
    public static void Forward(ReadOnlySpan<double> x, Span<double> y, double negativeSlope)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<double>.Count)
        {
            var slope = new Vector<double>(negativeSlope);
            for (; i <= x.Length - Vector<double>.Count; i += Vector<double>.Count)
            {
                var v = new Vector<double>(x[i..]);
                Vector.ConditionalSelect(Vector.GreaterThan(v, Vector<double>.Zero), v, v * slope).CopyTo(y[i..]);
            }
        }

        for (; i < x.Length; i++)
        {
            y[i] = ForwardScalar(x[i], negativeSlope);
        }
    }

    /// <summary>dx = dout for x &gt; 0, dout·slope otherwise.</summary>
    public static void Backward(ReadOnlySpan<double> x, ReadOnlySpan<double> dout, Span<double> dx, double negativeSlope)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<double>.Count)
        {
            var slope = new Vector<double>(negativeSlope);
            for (; i <= x.Length - Vector<double>.Count; i += Vector<double>.Count)
            {
                var g = new Vector<double>(dout[i..]);
                var positive = Vector.GreaterThan(new Vector<double>(x[i..]), Vector<double>.Zero);
                Vector.ConditionalSelect(positive, g, g * slope).CopyTo(dx[i..]);
            }
        }

        for (; i < x.Length; i++)
        {
            dx[i] = BackwardScalar(x[i], dout[i], negativeSlope);
        }
    }

    /// <summary>The scalar definition of the forward pass, the oracle of the tests.</summary>
    public static double ForwardScalar(double x, double negativeSlope) => x > 0.0 ? x : x * negativeSlope;

    /// <summary>The scalar definition of the backward pass.</summary>
    public static double BackwardScalar(double x, double dout, double negativeSlope) => x > 0.0 ? dout : dout * negativeSlope;
}
