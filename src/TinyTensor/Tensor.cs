using System.Runtime.CompilerServices;
using TinyTensor.Internal;

namespace TinyTensor;

/// <summary>
/// An n-dimensional array of <see cref="double"/> stored contiguously in row-major (C) order, like a
/// C-contiguous NumPy array. A dimension may be zero (an empty batch); the rank is at least 1.
/// </summary>
/// <remarks>
/// A tensor is a window on a storage array: an offset and a shape. Most tensors own their storage;
/// <see cref="Reshape"/>, <see cref="Flatten"/>, <see cref="Slice"/>, the range indexer, <see cref="Squeeze"/> and
/// <see cref="Unsqueeze"/> return <em>views</em>, which share it, so writes through a view are visible in its base
/// (NumPy's views). Every view is contiguous, so <see cref="AsSpan"/> is exactly the view's elements.
/// <see cref="FromArray(double[], int[])"/> and <see cref="ToArray"/> copy.
/// </remarks>
public sealed partial class Tensor
{
    private readonly double[] _storage;
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
    }

    private Tensor(double[] storage, int offset, int[] shape, int length, bool isView = false)
    {
        _storage = storage;
        _offset = offset;
        _shape = shape;
        _length = length;
        _isView = isView;
    }

    /// <summary>Creates a tensor of the given shape from a copy of <paramref name="data"/> (row-major).</summary>
    /// <exception cref="ArgumentException">The data length differs from the product of the shape.</exception>
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

    /// <summary>Creates a 2-D tensor from a rectangular array.</summary>
    public static Tensor FromArray(double[,] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var result = new Tensor(data.GetLength(0), data.GetLength(1));
        int i = 0;
        foreach (double value in data)
        {
            result._storage[i++] = value;
        }

        return result;
    }

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

    /// <summary>The elements in row-major order, writable in place (a view's own elements only).</summary>
    public Span<double> AsSpan() => _storage.AsSpan(_offset, _length);

    /// <summary>The elements in row-major order, read-only.</summary>
    public ReadOnlySpan<double> AsReadOnlySpan() => _storage.AsSpan(_offset, _length);

    /// <summary>One row of a 2-D tensor.</summary>
    public Span<double> Row(int row)
    {
        RequireRank(2, nameof(Row));
        if ((uint)row >= (uint)_shape[0])
        {
            ThrowHelper.ArgumentOutOfRange(nameof(row), row, $"Row: row {row} is outside a tensor of shape {ShapeText}.");
        }

        return _storage.AsSpan(_offset + (row * _shape[1]), _shape[1]);
    }

    /// <summary>A row-major copy of the elements.</summary>
    public double[] ToArray() => AsReadOnlySpan().ToArray();

    /// <summary>A copy of this tensor with its own storage (also of a view: the copy holds only its elements).</summary>
    public Tensor Clone() => new(ToArray(), 0, (int[])_shape.Clone(), _length);

    /// <summary>The element of a 1-D tensor.</summary>
    public double this[int index]
    {
        get => _storage[_offset + FlatIndex(index)];
        set => _storage[_offset + FlatIndex(index)] = value;
    }

    /// <summary>The element at (<paramref name="row"/>, <paramref name="column"/>) of a 2-D tensor.</summary>
    public double this[int row, int column]
    {
        get => _storage[_offset + FlatIndex(row, column)];
        set => _storage[_offset + FlatIndex(row, column)] = value;
    }

    /// <summary>The element at the given indices, one per dimension.</summary>
    public double this[params int[] indices]
    {
        get => _storage[_offset + FlatIndex(indices)];
        set => _storage[_offset + FlatIndex(indices)] = value;
    }

    /// <summary>Sets every element to <paramref name="value"/>.</summary>
    public void Fill(double value) => AsSpan().Fill(value);

    /// <summary>Copies the elements of <paramref name="source"/>, which must have the same shape, into this tensor.</summary>
    public void CopyFrom(Tensor source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!SameShape(source))
        {
            ThrowHelper.Argument(nameof(source), $"CopyFrom: source shape {source.ShapeText} differs from destination shape {ShapeText}.");
        }

        source.AsReadOnlySpan().CopyTo(AsSpan());
    }

    /// <summary>Whether <paramref name="other"/> has exactly this tensor's shape.</summary>
    public bool SameShape(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return _shape.AsSpan().SequenceEqual(other._shape);
    }

    /// <summary>The view's elements (for kernels inside the library that take spans).</summary>
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
