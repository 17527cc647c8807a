using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using TinyTensor.Internal;

namespace TinyTensor;

/// <remarks>
/// Interop with .NET's standard tensor types (System.Numerics.Tensors), in both element types: a float64 tensor is a
/// <c>TensorSpan&lt;double&gt;</c>/<c>Tensor&lt;double&gt;</c>, a float32 one a <c>TensorSpan&lt;float&gt;</c>/
/// <c>Tensor&lt;float&gt;</c>. The generic forms (<see cref="AsTensorSpan{T}"/>, <see cref="ToSystemTensor{T}"/>) take
/// the element type as <c>T</c> and throw an <see cref="InvalidOperationException"/> naming both types when it is not
/// the tensor's; the non-generic span forms are float64's, as <see cref="AsSpan()"/>. Both namespaces name a type
/// <c>Tensor</c>, so a file that imports both needs an alias, e.g. <c>using NTensor = System.Numerics.Tensors.Tensor;</c>
/// and <c>using Tensor = TinyTensor.Tensor;</c>.
/// </remarks>
public sealed partial class Tensor
{
    /// <summary>A <see cref="TensorSpan{T}"/> over a float64 tensor's elements (no copy: writes through it change this
    /// tensor).</summary>
    /// <exception cref="InvalidOperationException">The tensor is float32: use <see cref="AsTensorSpan{T}"/> with <c>float</c>.</exception>
    public TensorSpan<double> AsTensorSpan()
    {
        if (_dtype != DType.Float64)
        {
            ThrowNotFloat64(nameof(AsTensorSpan));
        }

        return AsTensorSpan<double>();
    }

    /// <summary>A <see cref="ReadOnlyTensorSpan{T}"/> over a float64 tensor's elements (no copy).</summary>
    /// <exception cref="InvalidOperationException">The tensor is float32: use <see cref="AsReadOnlyTensorSpan{T}"/>.</exception>
    public ReadOnlyTensorSpan<double> AsReadOnlyTensorSpan()
    {
        if (_dtype != DType.Float64)
        {
            ThrowNotFloat64(nameof(AsReadOnlyTensorSpan));
        }

        return AsReadOnlyTensorSpan<double>();
    }

    /// <summary>A <see cref="TensorSpan{T}"/> over this tensor's elements as <typeparamref name="T"/> (<c>double</c> for
    /// float64, <c>float</c> for float32); no copy.</summary>
    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> is not this tensor's element type.</exception>
    public TensorSpan<T> AsTensorSpan<T>()
        where T : unmanaged
    {
        if (DTypes.Of<T>() != _dtype)
        {
            ThrowWrongElementType<T>(nameof(AsTensorSpan));
        }

        return new(Unsafe.As<T[]>(_storage), _offset, NativeLengths(), NativeStrides());
    }

    /// <summary>A <see cref="ReadOnlyTensorSpan{T}"/> over this tensor's elements as <typeparamref name="T"/>; no copy.</summary>
    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> is not this tensor's element type.</exception>
    public ReadOnlyTensorSpan<T> AsReadOnlyTensorSpan<T>()
        where T : unmanaged
    {
        if (DTypes.Of<T>() != _dtype)
        {
            ThrowWrongElementType<T>(nameof(AsReadOnlyTensorSpan));
        }

        return new(Unsafe.As<T[]>(_storage), _offset, NativeLengths(), NativeStrides());
    }

    /// <summary>A copy as a <see cref="Tensor{T}"/> of <see cref="double"/> of the same shape (a float32 tensor's
    /// elements widen exactly, as <see cref="ToArray()"/>).</summary>
    public Tensor<double> ToSystemTensor() => System.Numerics.Tensors.Tensor.Create(ToArray(), NativeLengths());

    /// <summary>A copy as a <see cref="Tensor{T}"/> of the same shape in the tensor's own element type
    /// <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> is not this tensor's element type.</exception>
    public Tensor<T> ToSystemTensor<T>()
        where T : unmanaged
    {
        if (DTypes.Of<T>() != _dtype)
        {
            ThrowWrongElementType<T>(nameof(ToSystemTensor));
        }

        return System.Numerics.Tensors.Tensor.Create(ToArray<T>(), NativeLengths());
    }

    /// <summary>A copy of <paramref name="source"/> (any strides) as a float64 TinyTensor tensor of the same shape.</summary>
    /// <exception cref="ArgumentException"><paramref name="source"/> has rank 0 or a dimension too large for an
    /// <see cref="int"/>.</exception>
    public static Tensor FromSystemTensor(Tensor<double> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return FromTensorSpan(source.AsReadOnlyTensorSpan());
    }

    /// <summary>A copy of <paramref name="source"/> (any strides) as a float32 TinyTensor tensor of the same shape.</summary>
    /// <exception cref="ArgumentException"><paramref name="source"/> has rank 0 or a dimension too large for an
    /// <see cref="int"/>.</exception>
    public static Tensor FromSystemTensor(Tensor<float> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return FromTensorSpan(source.AsReadOnlyTensorSpan());
    }

    /// <summary>A float64 copy of the elements of <paramref name="source"/> (any strides) in row-major order.</summary>
    /// <exception cref="ArgumentException"><paramref name="source"/> has rank 0 or a dimension too large for an
    /// <see cref="int"/>.</exception>
    public static Tensor FromTensorSpan(ReadOnlyTensorSpan<double> source) => FromTensorSpan<double>(source);

    /// <summary>A float32 copy of the elements of <paramref name="source"/> (any strides) in row-major order.</summary>
    /// <exception cref="ArgumentException"><paramref name="source"/> has rank 0 or a dimension too large for an
    /// <see cref="int"/>.</exception>
    public static Tensor FromTensorSpan(ReadOnlyTensorSpan<float> source) => FromTensorSpan<float>(source);

    /// <summary>Explicit conversion (a copy) to .NET's <see cref="Tensor{T}"/> of <see cref="double"/> (a float32
    /// tensor widens, as <see cref="ToSystemTensor()"/>).</summary>
    public static explicit operator Tensor<double>(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return tensor.ToSystemTensor();
    }

    /// <summary>Explicit conversion (a copy) of a float32 tensor to .NET's <see cref="Tensor{T}"/> of <see cref="float"/>.</summary>
    /// <exception cref="InvalidOperationException">The tensor is float64 (convert it with <see cref="To(DType)"/> first:
    /// narrowing is never implicit).</exception>
    public static explicit operator Tensor<float>(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return tensor.ToSystemTensor<float>();
    }

    /// <summary>Explicit conversion (a copy) from .NET's <see cref="Tensor{T}"/> of <see cref="double"/>: float64.</summary>
    public static explicit operator Tensor(Tensor<double> tensor) => FromSystemTensor(tensor);

    /// <summary>Explicit conversion (a copy) from .NET's <see cref="Tensor{T}"/> of <see cref="float"/>: float32.</summary>
    public static explicit operator Tensor(Tensor<float> tensor) => FromSystemTensor(tensor);

    private static Tensor FromTensorSpan<T>(ReadOnlyTensorSpan<T> source)
        where T : unmanaged
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

        var result = new Tensor(DTypes.Of<T>(), shape);
        if (result._length > 0)
        {
            source.FlattenTo(result.AsSpan<T>());
        }

        return result;
    }

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
