using System.Numerics;
using System.Numerics.Tensors;
using TinyTensor.Kernels.Elementwise;

namespace TinyTensor;

/// <remarks>
/// Elementwise functions, each a new tensor of this tensor's element type computed by <see cref="TensorPrimitives"/>.
/// Out-of-domain inputs give NaN as in NumPy, never an exception: <c>Log</c> of a negative, <c>Sqrt</c> of a negative,
/// <c>Pow</c> of a negative base with a non-integer exponent. <c>Abs</c>, <c>Sqrt</c> and <c>Clip</c> are exact
/// (NumPy's bits in both types); <c>Exp</c>, <c>Log</c>, <c>Tanh</c> and <c>Pow</c> agree with NumPy to a few ulp of
/// the element type. On a float32 tensor the <see cref="double"/> arguments (<c>Pow</c>'s exponent, <c>Clip</c>'s
/// bounds) are rounded to float32 first, as NumPy does with Python floats.
/// </remarks>
public sealed partial class Tensor
{
    /// <summary>|x| elementwise.</summary>
    public Tensor Abs() => Map<AbsFunction>();

    /// <summary>eˣ elementwise.</summary>
    public Tensor Exp() => Map<ExpFunction>();

    /// <summary>ln x elementwise (−∞ at 0, NaN below).</summary>
    public Tensor Log() => Map<LogFunction>();

    /// <summary>√x elementwise (NaN below 0).</summary>
    public Tensor Sqrt() => Map<SqrtFunction>();

    /// <summary>tanh x elementwise. <see cref="Math.Tanh"/> (<see cref="MathF.Tanh"/> in float32) per element:
    /// TensorPrimitives' vectorised tanh was up to 24 ulp from NumPy's here (and flushed subnormals to zero).</summary>
    public Tensor Tanh() => Map<TanhFunction>();

    /// <summary>xᵖ elementwise (<c>np.power(x, p)</c>).</summary>
    public Tensor Pow(double exponent) => _dtype == DType.Float32 ? Pow<float>((float)exponent) : Pow<double>(exponent);

    /// <summary>Each element limited to [<paramref name="lo"/>, <paramref name="hi"/>] (<c>np.clip</c>:
    /// <c>minimum(maximum(x, lo), hi)</c>, so NaN stays NaN and a <paramref name="lo"/> above <paramref name="hi"/>
    /// gives <paramref name="hi"/> everywhere).</summary>
    public Tensor Clip(double lo, double hi) =>
        _dtype == DType.Float32 ? Clip<float>((float)lo, (float)hi) : Clip<double>(lo, hi);

    private Tensor Pow<T>(T exponent)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new Tensor(_dtype, _shape);
        TensorPrimitives.Pow(AsReadOnlySpan<T>(), exponent, result.AsSpan<T>());
        return result;
    }

    private Tensor Clip<T>(T lo, T hi)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new Tensor(_dtype, _shape);
        TensorPrimitives.Max(AsReadOnlySpan<T>(), lo, result.AsSpan<T>());
        TensorPrimitives.Min(result.AsReadOnlySpan<T>(), hi, result.AsSpan<T>());
        return result;
    }

    /// <summary>f(this) in a new tensor of the same type: the one dispatch on the element type.</summary>
    private Tensor Map<TFunction>()
        where TFunction : IUnaryFunction
    {
        var result = new Tensor(_dtype, _shape);
        if (_dtype == DType.Float32)
        {
            TFunction.Invoke(AsReadOnlySpan<float>(), result.AsSpan<float>());
        }
        else
        {
            TFunction.Invoke(AsReadOnlySpan<double>(), result.AsSpan<double>());
        }

        return result;
    }
}
