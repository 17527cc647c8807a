using System.Numerics.Tensors;
using TinyTensor.Internal;

namespace TinyTensor;

/// <remarks>
/// Interop with .NET's standard tensor types (System.Numerics.Tensors). Both namespaces name a type <c>Tensor</c>, so a
/// file that imports both needs an alias, e.g. <c>using NTensor = System.Numerics.Tensors.Tensor;</c> and
/// <c>using Tensor = TinyTensor.Tensor;</c>.
/// </remarks>
public sealed partial class Tensor
{
    /// <summary>A <see cref="TensorSpan{T}"/> over this tensor's elements (no copy: writes through it change this tensor).</summary>
    public TensorSpan<double> AsTensorSpan() => new(Float64Storage, _offset, NativeLengths(), NativeStrides());

    /// <summary>A <see cref="ReadOnlyTensorSpan{T}"/> over this tensor's elements (no copy).</summary>
    public ReadOnlyTensorSpan<double> AsReadOnlyTensorSpan() => new(Float64Storage, _offset, NativeLengths(), NativeStrides());

    /// <summary>A copy as a <see cref="Tensor{T}"/> of the same shape.</summary>
    public Tensor<double> ToSystemTensor() => System.Numerics.Tensors.Tensor.Create(ToArray(), NativeLengths());

    /// <summary>A copy of <paramref name="source"/> (any strides) as a TinyTensor tensor of the same shape.</summary>
    /// <exception cref="ArgumentException"><paramref name="source"/> has rank 0 or a dimension too large for an
    /// <see cref="int"/>.</exception>
    public static Tensor FromSystemTensor(Tensor<double> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return FromTensorSpan(source.AsReadOnlyTensorSpan());
    }

    /// <summary>A copy of the elements of <paramref name="source"/> (any strides) in row-major order.</summary>
    /// <exception cref="ArgumentException"><paramref name="source"/> has rank 0 or a dimension too large for an
    /// <see cref="int"/>.</exception>
    public static Tensor FromTensorSpan(ReadOnlyTensorSpan<double> source)
    {
        ReadOnlySpan<nint> lengths = source.Lengths;
        int[] shape = new int[lengths.Length];
        for (int i = 0; i < shape.Length; i++)
        {
            if (lengths[i] > int.MaxValue)
            {
                ThrowHelper.Argument(nameof(source), $"FromTensorSpan: dimension {i} has length {lengths[i]}, more than a Tensor holds.");
            }

            shape[i] = (int)lengths[i];
        }

        var result = new Tensor(shape);
        if (result._length > 0)
        {
            source.FlattenTo(result.AsSpan());
        }

        return result;
    }

    /// <summary>Explicit conversion (a copy) to .NET's <see cref="Tensor{T}"/>.</summary>
    public static explicit operator Tensor<double>(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return tensor.ToSystemTensor();
    }

    /// <summary>Explicit conversion (a copy) from .NET's <see cref="Tensor{T}"/>.</summary>
    public static explicit operator Tensor(Tensor<double> tensor) => FromSystemTensor(tensor);

    private nint[] NativeLengths()
    {
        nint[] lengths = new nint[_shape.Length];
        for (int i = 0; i < lengths.Length; i++)
        {
            lengths[i] = _shape[i];
        }

        return lengths;
    }

    private nint[] NativeStrides()
    {
        int[] strides = RowMajorStrides(_shape);
        nint[] result = new nint[strides.Length];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = _shape[i] <= 1 ? 0 : strides[i];
        }

        return result;
    }
}
