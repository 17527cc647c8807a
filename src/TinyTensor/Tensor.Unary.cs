using System.Numerics.Tensors;

namespace TinyTensor;

/// <remarks>
/// Elementwise functions, each a new tensor computed by <see cref="TensorPrimitives"/>. Out-of-domain inputs give NaN
/// as in NumPy, never an exception: <c>Log</c> of a negative, <c>Sqrt</c> of a negative, <c>Pow</c> of a negative base
/// with a non-integer exponent. <c>Abs</c> and <c>Sqrt</c> are exact (NumPy's bits); <c>Exp</c>, <c>Log</c>,
/// <c>Tanh</c> and <c>Pow</c> agree with NumPy to a few ulp.
/// </remarks>
public sealed partial class Tensor
{
    /// <summary>|x| elementwise.</summary>
    public Tensor Abs() => Map(this, static (x, d) => TensorPrimitives.Abs(x, d));

    /// <summary>eˣ elementwise.</summary>
    public Tensor Exp() => Map(this, static (x, d) => TensorPrimitives.Exp(x, d));

    /// <summary>ln x elementwise (−∞ at 0, NaN below).</summary>
    public Tensor Log() => Map(this, static (x, d) => TensorPrimitives.Log(x, d));

    /// <summary>√x elementwise (NaN below 0).</summary>
    public Tensor Sqrt() => Map(this, static (x, d) => TensorPrimitives.Sqrt(x, d));

    /// <summary>tanh x elementwise. <see cref="Math.Tanh"/> per element: TensorPrimitives' vectorised tanh was up to
    /// 24 ulp from NumPy's here (and flushed subnormals to zero).</summary>
    public Tensor Tanh() => Map(this, static (x, d) =>
    {
        for (int i = 0; i < x.Length; i++)
        {
            d[i] = Math.Tanh(x[i]);
        }
    });

    /// <summary>xᵖ elementwise (<c>np.power(x, p)</c>).</summary>
    public Tensor Pow(double exponent)
    {
        var result = new Tensor(_shape);
        TensorPrimitives.Pow(AsReadOnlySpan(), exponent, result.AsSpan());
        return result;
    }

    /// <summary>Each element limited to [<paramref name="lo"/>, <paramref name="hi"/>] (<c>np.clip</c>:
    /// <c>minimum(maximum(x, lo), hi)</c>, so NaN stays NaN and a <paramref name="lo"/> above <paramref name="hi"/>
    /// gives <paramref name="hi"/> everywhere).</summary>
    public Tensor Clip(double lo, double hi)
    {
        var result = new Tensor(_shape);
        TensorPrimitives.Max(AsReadOnlySpan(), lo, result.AsSpan());
        TensorPrimitives.Min(result.AsReadOnlySpan(), hi, result.AsSpan());
        return result;
    }

    private static Tensor Map(Tensor source, SpanMap map)
    {
        var result = new Tensor(source._shape);
        map(source.AsReadOnlySpan(), result.AsSpan());
        return result;
    }

    private delegate void SpanMap(ReadOnlySpan<double> x, Span<double> destination);
}
