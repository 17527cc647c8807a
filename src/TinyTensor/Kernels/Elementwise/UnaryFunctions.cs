using System.Numerics;
using System.Numerics.Tensors;

namespace TinyTensor.Kernels.Elementwise;

/// <summary>
/// An elementwise function d = f(x) over a whole run, generic in the element type so that one body serves float64 and
/// float32 (TensorPrimitives' generic overloads, which the JIT specialises per type). The double instantiation calls
/// exactly what the float64-only code called, so its bits do not move.
/// </summary>
internal interface IUnaryFunction
{
    static abstract void Invoke<T>(ReadOnlySpan<T> x, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T>;
}

/// <summary>|x| (exact).</summary>
internal readonly struct AbsFunction : IUnaryFunction
{
    public static void Invoke<T>(ReadOnlySpan<T> x, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Abs(x, d);
}

/// <summary>eˣ (TensorPrimitives' vectorised exp).</summary>
internal readonly struct ExpFunction : IUnaryFunction
{
    public static void Invoke<T>(ReadOnlySpan<T> x, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Exp(x, d);
}

/// <summary>ln x (TensorPrimitives' vectorised log).</summary>
internal readonly struct LogFunction : IUnaryFunction
{
    public static void Invoke<T>(ReadOnlySpan<T> x, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Log(x, d);
}

/// <summary>√x (correctly rounded at every width, so exact).</summary>
internal readonly struct SqrtFunction : IUnaryFunction
{
    public static void Invoke<T>(ReadOnlySpan<T> x, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Sqrt(x, d);
}

/// <summary>tanh x with the C library's <c>tanh</c>/<c>tanhf</c> per element (<see cref="Math.Tanh"/>,
/// <see cref="MathF.Tanh"/>): TensorPrimitives' vectorised tanh was up to 24 ulp from NumPy's in float64 here (and
/// flushed subnormals to zero).</summary>
internal readonly struct TanhFunction : IUnaryFunction
{
    public static void Invoke<T>(ReadOnlySpan<T> x, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++)
        {
            d[i] = T.Tanh(x[i]);
        }
    }
}
