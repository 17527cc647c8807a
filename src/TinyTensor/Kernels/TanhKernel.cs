using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace TinyTensor.Kernels;

/// <summary>The hyperbolic tangent and its gradient, elementwise over spans of equal length, in either element type.</summary>
internal static class TanhKernel
{
    /// <summary>Elements per float32 chunk widened on the stack (2 KB of doubles).</summary>
    private const int Chunk = 256;

    /// <summary>Below this |x| (2⁻¹²), tanh(x) = x − x³/3 + … rounds to x in float32 (x²/3 &lt; ε₃₂/2).</summary>
    private const float LinearBelow = 1f / 4096;

    /// <summary>y = tanh(x).</summary>
    /// <remarks>float64: <see cref="Math.Tanh"/> per element (<see cref="Float64"/> says why). float32: <c>TensorPrimitives.Tanh&lt;float&gt;</c> has an
    /// absolute error of ≈ 6e-8 near 0 (it returns −5.96e-8 for tanh(0), and the wrong sign for tiny x), so float32
    /// values are widened to float64, take TensorPrimitives' float64 tanh (relative error ≤ 1e-13 for |x| ≥ 2⁻¹², far below float32's rounding) and are rounded back,
    /// and |x| &lt; 2⁻¹² gives x itself: within one rounding of the true tanh, as PyTorch's float32 tanh.</remarks>
    public static void Forward<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) != typeof(float))
        {
            Float64(MemoryMarshal.Cast<T, double>(x), MemoryMarshal.Cast<T, double>(y));
            return;
        }

        ReadOnlySpan<float> xf = MemoryMarshal.Cast<T, float>(x);
        Span<float> yf = MemoryMarshal.Cast<T, float>(y);
        Span<double> wide = stackalloc double[Chunk];
        for (int start = 0; start < xf.Length; start += Chunk)
        {
            int length = Math.Min(Chunk, xf.Length - start);
            ReadOnlySpan<float> xs = xf.Slice(start, length);
            Span<double> w = wide[..length];
            TensorPrimitives.ConvertTruncating(xs, w);
            TensorPrimitives.Tanh(w, w);
            Span<float> ys = yf.Slice(start, length);
            TensorPrimitives.ConvertTruncating(w, ys);
            for (int i = 0; i < length; i++)
            {
                if (MathF.Abs(xs[i]) < LinearBelow)
                {
                    ys[i] = xs[i];
                }
            }
        }
    }

    /// <summary>float64: <see cref="Math.Tanh"/> per element (the C library's tanh, as NumPy's <c>np.tanh</c> and
    /// <see cref="Tensor.Tanh"/>). <c>TensorPrimitives.Tanh&lt;double&gt;</c> is not used: measured on 200,000 draws
    /// per range it is up to 10 ulp off on [1/8, 1/4), 5 on [1/4, 1/2), 4 on [1/2, 3/4), and loses all relative accuracy
    /// below 1/8 (1.0000000828e-10 for tanh(1e-10), −0 for tanh(1e-300)).</summary>
    private static void Float64(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = Math.Tanh(x[i]);
        }
    }

    /// <summary>dx = dout · (1 − y·y), from the forward output y.</summary>
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
                var t = new Vector<T>(y[i..]);
                (new Vector<T>(dout[i..]) * (one - (t * t))).CopyTo(dx[i..]);
            }
        }

        for (; i < y.Length; i++)
        {
            dx[i] = BackwardScalar(y[i], dout[i]);
        }
    }

    /// <summary>The scalar definition of the forward pass, the oracle of the tests.</summary>
    public static T ForwardScalar<T>(T x)
        where T : unmanaged, IFloatingPointIeee754<T> => T.Tanh(x);

    /// <summary>The scalar definition of the backward pass, given the forward output y.</summary>
    public static T BackwardScalar<T>(T y, T dout)
        where T : unmanaged, IFloatingPointIeee754<T> => dout * (T.One - (y * y));
}
