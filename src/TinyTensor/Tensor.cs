using System.Diagnostics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using TinyTensor.Internal;

namespace TinyTensor;

/// <summary>
/// An n-dimensional array of <see cref="double"/> (<see cref="DType.Float64"/>, the default) or <see cref="float"/>
/// (<see cref="DType.Float32"/>) stored contiguously in row-major (C) order, like a C-contiguous NumPy array. A
/// dimension may be zero (an empty batch); the rank is at least 1.
/// </summary>
/// <remarks>
/// A tensor is a window on a storage array: an offset and a shape. Most tensors own their storage;
/// <see cref="Reshape"/>, <see cref="Flatten"/>, <see cref="Slice"/>, the range indexer, <see cref="Squeeze"/> and
/// <see cref="Unsqueeze"/> return <em>views</em>, which share it, so writes through a view are visible in its base
/// (NumPy's views). Every view is contiguous, so <see cref="AsSpan"/> is exactly the view's elements.
/// <see cref="FromArray(double[], int[])"/> and <see cref="ToArray"/> copy.
/// <para><b>Element types.</b> <see cref="DType"/> says which; the typed view is <see cref="AsSpan{T}"/>
/// (<see cref="AsSpan()"/> is float64's). <see cref="To(DType)"/> converts. The indexers, <see cref="Fill"/> and
/// <see cref="ToArray"/> speak <see cref="double"/> in both types (a float32 element widens exactly and a written
/// value rounds to nearest). An operation never mixes types: operands of different types throw, naming both.</para>
/// </remarks>
public sealed partial class Tensor
{
    /// <summary>A <c>double[]</c> or a <c>float[]</c>, as <see cref="_dtype"/> says.</summary>
    private readonly Array _storage;
    private readonly DType _dtype;
    private readonly int _offset;
    private readonly int _length;
    private readonly int[] _shape;
    private readonly bool _isView;

    /// <summary>Creates a tensor of the given shape filled with zeros.</summary>
    /// <param name="shape">The dimensions, outermost first; at least one, each zero or more.</param>
    /// <exception cref="ArgumentException">The shape is empty, or a dimension is negative, or the element
    /// count overflows.</exception>
    public Tensor(params int[] shape)
    {
        _shape = ValidatedShapeCopy(shape, nameof(shape), out _length);
        _storage = new double[_length];
        _dtype = DType.Float64;
    }

    /// <summary>Creates a tensor of the given element type and shape filled with zeros.</summary>
    /// <param name="dtype">The element type.</param>
    /// <param name="shape">The dimensions, outermost first; at least one, each zero or more.</param>
    /// <exception cref="ArgumentException">The shape is empty, or a dimension is negative, or the element
    /// count overflows.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dtype"/> is not a defined type.</exception>
    public Tensor(DType dtype, params int[] shape)
    {
        DTypes.Require(dtype, nameof(dtype));
        _shape = ValidatedShapeCopy(shape, nameof(shape), out _length);
        _storage = dtype == DType.Float32 ? new float[_length] : new double[_length];
        _dtype = dtype;
    }

    private Tensor(Array storage, int offset, int[] shape, int length, bool isView = false)
    {
        Debug.Assert(storage is double[] or float[]);
        _storage = storage;
        _dtype = storage is float[]? DType.Float32 : DType.Float64;
        _offset = offset;
        _shape = shape;
        _length = length;
        _isView = isView;
    }

    /// <summary>Creates a float64 tensor of the given shape from a copy of <paramref name="data"/> (row-major).</summary>
    /// <remarks>Preferred over the <c>float[]</c> overload whenever both apply: a collection expression is always
    /// float64, <c>FromArray([1, 2, 3], 3)</c> and even <c>FromArray([0.5f], 1)</c> (as <c>np.array([1, 2, 3.0])</c>).
    /// For a float32 tensor pass a <c>float[]</c> (<c>FromArray(new[] { 0.5f }, 1)</c>) or convert with
    /// <see cref="To(DType)"/>.</remarks>
    /// <exception cref="ArgumentException">The data length differs from the product of the shape.</exception>
    [OverloadResolutionPriority(1)]
    public static Tensor FromArray(double[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        int[] validShape = ValidatedShapeCopy(shape, nameof(shape), out int length);
        if (data.Length != length)
        {
            ThrowHelper.Argument(nameof(data),
                $"FromArray: {data.Length} values cannot fill shape {ThrowHelper.FormatShape(validShape)}, which holds {length}.");
        }

        return new Tensor((double[])data.Clone(), 0, validShape, length);
    }

    /// <summary>Creates a float32 tensor of the given shape from a copy of <paramref name="data"/> (row-major).</summary>
    /// <exception cref="ArgumentException">The data length differs from the product of the shape.</exception>
    public static Tensor FromArray(float[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        int[] validShape = ValidatedShapeCopy(shape, nameof(shape), out int length);
        if (data.Length != length)
        {
            ThrowHelper.Argument(nameof(data),
                $"FromArray: {data.Length} values cannot fill shape {ThrowHelper.FormatShape(validShape)}, which holds {length}.");
        }

        return new Tensor((float[])data.Clone(), 0, validShape, length);
    }

    /// <summary>Creates a 2-D tensor from a rectangular array.</summary>
    public static Tensor FromArray(double[,] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var result = new Tensor(data.GetLength(0), data.GetLength(1));
        Span<double> values = result.AsSpan();
        int i = 0;
        foreach (double value in data)
        {
            values[i++] = value;
        }

        return result;
    }

    /// <summary>The element type (NumPy's and PyTorch's <c>dtype</c>).</summary>
    public DType DType => _dtype;

    /// <summary>A copy of the dimensions, outermost first (NumPy's <c>shape</c>).</summary>
    public int[] Shape => (int[])_shape.Clone();

    /// <summary>The number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>The total number of elements.</summary>
    public int Length => _length;

    /// <summary>Whether this tensor is a view: it came from a view operation and shares its base's storage.</summary>
    public bool IsView => _isView;

    /// <summary>The size of one dimension; a negative axis counts from the end.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="axis"/> is not in [−<see cref="Rank"/>, <see cref="Rank"/>).</exception>
    public int Dim(int axis) => _shape[NormalizeAxis(axis, nameof(Dim))];

    /// <summary>The shape as NumPy prints it, e.g. <c>(10, 4)</c>.</summary>
    public string ShapeText => ThrowHelper.FormatShape(_shape);

    /// <summary>The elements of a float64 tensor in row-major order, writable in place (a view's own elements only).</summary>
    /// <exception cref="InvalidOperationException">The tensor is float32: use <see cref="AsSpan{T}"/> with <c>float</c>.</exception>
    public Span<double> AsSpan()
    {
        if (_dtype != DType.Float64)
        {
            ThrowNotFloat64(nameof(AsSpan));
        }

        return Unsafe.As<double[]>(_storage).AsSpan(_offset, _length);
    }

    /// <summary>The elements of a float64 tensor in row-major order, read-only.</summary>
    /// <exception cref="InvalidOperationException">The tensor is float32: use <see cref="AsReadOnlySpan{T}"/> with <c>float</c>.</exception>
    public ReadOnlySpan<double> AsReadOnlySpan()
    {
        if (_dtype != DType.Float64)
        {
            ThrowNotFloat64(nameof(AsReadOnlySpan));
        }

        return Unsafe.As<double[]>(_storage).AsSpan(_offset, _length);
    }

    /// <summary>The elements in row-major order as <typeparamref name="T"/> (<c>double</c> for float64, <c>float</c>
    /// for float32), writable in place.</summary>
    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> is not this tensor's element type.</exception>
    public Span<T> AsSpan<T>()
        where T : unmanaged
    {
        if (DTypes.Of<T>() != _dtype)
        {
            ThrowWrongElementType<T>(nameof(AsSpan));
        }

        return Unsafe.As<T[]>(_storage).AsSpan(_offset, _length);
    }

    /// <summary>The elements in row-major order as <typeparamref name="T"/>, read-only.</summary>
    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> is not this tensor's element type.</exception>
    public ReadOnlySpan<T> AsReadOnlySpan<T>()
        where T : unmanaged
    {
        if (DTypes.Of<T>() != _dtype)
        {
            ThrowWrongElementType<T>(nameof(AsReadOnlySpan));
        }

        return Unsafe.As<T[]>(_storage).AsSpan(_offset, _length);
    }

    /// <summary>This tensor in element type <paramref name="dtype"/>: the tensor itself if it has that type, else a
    /// converted copy (float64 → float32 rounds to nearest, float32 → float64 is exact).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dtype"/> is not a defined type.</exception>
    public Tensor To(DType dtype)
    {
        DTypes.Require(dtype, nameof(dtype));
        if (dtype == _dtype)
        {
            return this;
        }

        var result = new Tensor(dtype, _shape);
        if (dtype == DType.Float32)
        {
            TensorPrimitives.ConvertTruncating<double, float>(AsReadOnlySpan<double>(), result.AsSpan<float>());
        }
        else
        {
            TensorPrimitives.ConvertTruncating<float, double>(AsReadOnlySpan<float>(), result.AsSpan<double>());
        }

        return result;
    }

    /// <summary>One row of a 2-D float64 tensor.</summary>
    /// <exception cref="InvalidOperationException">The tensor is float32.</exception>
    public Span<double> Row(int row)
    {
        RequireRank(2, nameof(Row));
        if (_dtype != DType.Float64)
        {
            ThrowNotFloat64(nameof(Row));
        }

        if ((uint)row >= (uint)_shape[0])
        {
            ThrowHelper.ArgumentOutOfRange(nameof(row), row, $"Row: row {row} is outside a tensor of shape {ShapeText}.");
        }

        return Unsafe.As<double[]>(_storage).AsSpan(_offset + (row * _shape[1]), _shape[1]);
    }

    /// <summary>A row-major copy of the elements as <see cref="double"/> (a float32 tensor's widen exactly, as NumPy's
    /// <c>tolist()</c>).</summary>
    public double[] ToArray() => _dtype == DType.Float64 ? AsReadOnlySpan().ToArray() : To(DType.Float64).AsReadOnlySpan().ToArray();

    /// <summary>A row-major copy of the elements in their own type <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> is not this tensor's element type.</exception>
    public T[] ToArray<T>()
        where T : unmanaged => AsReadOnlySpan<T>().ToArray();

    /// <summary>A copy of this tensor with its own storage (also of a view: the copy holds only its elements), of the
    /// same element type.</summary>
    public Tensor Clone() => _dtype == DType.Float32
        ? new(AsReadOnlySpan<float>().ToArray(), 0, (int[])_shape.Clone(), _length)
        : new(AsReadOnlySpan<double>().ToArray(), 0, (int[])_shape.Clone(), _length);

    /// <summary>The element of a 1-D tensor (of a float32 tensor: widened on read, rounded on write).</summary>
    public double this[int index]
    {
        get => Get(_offset + FlatIndex(index));
        set => Set(_offset + FlatIndex(index), value);
    }

    /// <summary>The element at (<paramref name="row"/>, <paramref name="column"/>) of a 2-D tensor.</summary>
    public double this[int row, int column]
    {
        get => Get(_offset + FlatIndex(row, column));
        set => Set(_offset + FlatIndex(row, column), value);
    }

    /// <summary>The element at the given indices, one per dimension.</summary>
    public double this[params int[] indices]
    {
        get => Get(_offset + FlatIndex(indices));
        set => Set(_offset + FlatIndex(indices), value);
    }

    /// <summary>Sets every element to <paramref name="value"/> (rounded to float32 in a float32 tensor).</summary>
    public void Fill(double value)
    {
        if (_dtype == DType.Float32)
        {
            AsSpan<float>().Fill((float)value);
        }
        else
        {
            AsSpan<double>().Fill(value);
        }
    }

    /// <summary>Copies the elements of <paramref name="source"/>, which must have the same shape and element type,
    /// into this tensor.</summary>
    /// <exception cref="ArgumentException">The shapes or the element types differ.</exception>
    public void CopyFrom(Tensor source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!SameShape(source))
        {
            ThrowHelper.Argument(nameof(source), $"CopyFrom: source shape {source.ShapeText} differs from destination shape {ShapeText}.");
        }

        RequireSameDType(this, source, nameof(CopyFrom), "destination", nameof(source));
        if (_dtype == DType.Float32)
        {
            source.AsReadOnlySpan<float>().CopyTo(AsSpan<float>());
        }
        else
        {
            source.AsReadOnlySpan<double>().CopyTo(AsSpan<double>());
        }
    }

    /// <summary>Throws unless <paramref name="a"/> and <paramref name="b"/> have the same element type, naming the
    /// operation, both operands and both types (operations never promote).</summary>
    /// <exception cref="ArgumentException">The types differ.</exception>
    internal static void RequireSameDType(Tensor a, Tensor b, string operation, string nameA = "a", string nameB = "b")
    {
        if (a._dtype != b._dtype)
        {
            ThrowMixedTypes(a, b, operation, nameA, nameB);
        }
    }

    /// <summary>Throws unless this tensor has element type <paramref name="dtype"/>, naming the operation, the role and
    /// both types.</summary>
    /// <exception cref="ArgumentException">The types differ.</exception>
    internal void RequireDType(DType dtype, string operation, string role, string expectedOf)
    {
        if (_dtype != dtype)
        {
            ThrowHelper.Argument(role,
                $"{operation}: {role} is {_dtype.Name()} but {expectedOf} is {dtype.Name()}; convert one with To(DType.{(dtype == DType.Float32 ? "Float32" : "Float64")}) or To(DType.{(_dtype == DType.Float32 ? "Float32" : "Float64")}) (types are never mixed).");
        }
    }

    private static void ThrowMixedTypes(Tensor a, Tensor b, string operation, string nameA, string nameB) =>
        ThrowHelper.Argument(nameB,
            $"{operation}: {nameA} is {a._dtype.Name()} and {nameB} is {b._dtype.Name()}; convert one with To(DType) (types are never mixed or promoted).");

    private double Get(int index) => _dtype == DType.Float32 ? Unsafe.As<float[]>(_storage)[index] : Unsafe.As<double[]>(_storage)[index];

    private void Set(int index, double value)
    {
        if (_dtype == DType.Float32)
        {
            Unsafe.As<float[]>(_storage)[index] = (float)value;
        }
        else
        {
            Unsafe.As<double[]>(_storage)[index] = value;
        }
    }

    private void ThrowNotFloat64(string operation) =>
        ThrowHelper.InvalidOperation(
            $"{operation}(): the tensor is {_dtype.Name()} and {operation}() gives float64 elements; use {operation}<float>() or To(DType.Float64).");

    private void ThrowWrongElementType<T>(string operation) =>
        ThrowHelper.InvalidOperation(
            $"{operation}<{typeof(T).Name}>: the tensor is {_dtype.Name()}, whose elements are {(_dtype == DType.Float32 ? "float" : "double")}; use {operation}<{(_dtype == DType.Float32 ? "float" : "double")}>() or convert with To(DType).");

    /// <summary>Whether <paramref name="other"/> has exactly this tensor's shape.</summary>
    public bool SameShape(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return _shape.AsSpan().SequenceEqual(other._shape);
    }

    /// <summary>The float64 storage array (the whole of it, not only the view's elements); throws on float32.</summary>
    internal double[] Float64Storage
    {
        get
        {
            if (_dtype != DType.Float64)
            {
                ThrowNotFloat64(nameof(AsSpan));
            }

            return Unsafe.As<double[]>(_storage);
        }
    }

    /// <summary>The view's float64 elements (for kernels inside the library that take spans); throws on float32.</summary>
    internal Span<double> Data => AsSpan();

    internal ReadOnlySpan<int> ShapeSpan => _shape;

    /// <summary>Rows of a 2-D tensor (no rank check: for callers that checked already).</summary>
    internal int Rows => _shape[0];

    /// <summary>Columns of a 2-D tensor (no rank check: for callers that checked already).</summary>
    internal int Columns => _shape[1];

    internal bool HasShape(int rows, int columns) => _shape.Length == 2 && _shape[0] == rows && _shape[1] == columns;

    internal bool HasShape(int length) => _shape.Length == 1 && _shape[0] == length;

    internal void RequireRank(int rank, string operation)
    {
        if (_shape.Length != rank)
        {
            ThrowHelper.Argument(operation, $"{operation}: expected a {rank}-D tensor, got shape {ShapeText}.");
        }
    }

    /// <summary>An axis in [−rank, rank) as an index in [0, rank); anything else throws naming the axis and the rank.</summary>
    /// <summary>A NumPy axis (negative counts from the end) as an index in [0, rank); the message (which formats the
    /// shape) is built only when the axis is out of range, so a valid call allocates nothing.</summary>
    internal int NormalizeAxis(int axis, string operation)
    {
        int rank = _shape.Length;
        if (axis < -rank || axis >= rank)
        {
            ThrowAxisOutOfRange(axis, operation);
        }

        return axis < 0 ? axis + rank : axis;
    }

    internal static int NormalizeAxis(int axis, int rank, string operation, string shapeText)
    {
        if (axis < -rank || axis >= rank)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(axis), axis,
                $"{operation}: axis {axis} is out of bounds for a tensor of rank {rank} with shape {shapeText}.");
        }

        return axis < 0 ? axis + rank : axis;
    }

    private void ThrowAxisOutOfRange(int axis, string operation) =>
        ThrowHelper.ArgumentOutOfRange(nameof(axis), axis,
            $"{operation}: axis {axis} is out of bounds for a tensor of rank {_shape.Length} with shape {ShapeText}.");

    private static int[] ValidatedShapeCopy(ReadOnlySpan<int> shape, string paramName, out int length)
    {
        if (shape.Length == 0)
        {
            ThrowHelper.Argument(paramName, "Tensor: a shape needs at least one dimension.");
        }

        long count = 1;
        foreach (int dim in shape)
        {
            if (dim < 0)
            {
                ThrowHelper.Argument(paramName,
                    $"Tensor: shape {ThrowHelper.FormatShape(shape)} has a dimension {dim}; dimensions cannot be negative.");
            }

            count *= dim;
            if (count > Array.MaxLength)
            {
                ThrowHelper.Argument(paramName,
                    $"Tensor: shape {ThrowHelper.FormatShape(shape)} holds more than {Array.MaxLength} elements.");
            }
        }

        length = (int)count;
        return shape.ToArray();
    }

    private static int[] ValidatedShapeCopy(int[] shape, string paramName, out int length)
    {
        ArgumentNullException.ThrowIfNull(shape, paramName);
        return ValidatedShapeCopy(shape.AsSpan(), paramName, out length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int FlatIndex(int index)
    {
        if (_shape.Length != 1 || (uint)index >= (uint)_shape[0])
        {
            ThrowIndexOutOfRange([index]);
        }

        return index;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int FlatIndex(int row, int column)
    {
        if (_shape.Length != 2 || (uint)row >= (uint)_shape[0] || (uint)column >= (uint)_shape[1])
        {
            ThrowIndexOutOfRange([row, column]);
        }

        return (row * _shape[1]) + column;
    }

    private int FlatIndex(int[] indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        if (indices.Length != _shape.Length)
        {
            ThrowIndexOutOfRange(indices);
        }

        int flat = 0;
        for (int axis = 0; axis < indices.Length; axis++)
        {
            if ((uint)indices[axis] >= (uint)_shape[axis])
            {
                ThrowIndexOutOfRange(indices);
            }

            flat = (flat * _shape[axis]) + indices[axis];
        }

        return flat;
    }

    private void ThrowIndexOutOfRange(int[] indices) =>
        ThrowHelper.ArgumentOutOfRange(nameof(indices), null,
            $"Tensor: index [{string.Join(", ", indices)}] is not valid for a tensor of shape {ShapeText}.");
}
