using System.Runtime.CompilerServices;
using TinyTensor.Internal;

namespace TinyTensor;

/// <summary>
/// An n-dimensional array of <see cref="double"/> stored contiguously in row-major (C) order, like a
/// C-contiguous NumPy array. Every dimension is at least 1.
/// </summary>
/// <remarks>
/// A tensor owns its storage; <see cref="FromArray(double[], int[])"/> and <see cref="ToArray"/> copy. <see cref="AsSpan"/> gives
/// direct, allocation-free access to the elements for kernels and for filling a tensor in place.
/// </remarks>
public sealed partial class Tensor
{
    private readonly double[] _data;
    private readonly int[] _shape;

    /// <summary>Creates a tensor of the given shape filled with zeros.</summary>
    /// <param name="shape">The dimensions, outermost first; each must be at least 1.</param>
    /// <exception cref="ArgumentException">The shape is empty, or a dimension is zero or negative, or the element
    /// count overflows.</exception>
    public Tensor(params int[] shape)
    {
        _shape = ValidatedShapeCopy(shape, nameof(shape), out int length);
        _data = new double[length];
    }

    private Tensor(double[] data, int[] shape)
    {
        _data = data;
        _shape = shape;
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

        return new Tensor((double[])data.Clone(), validShape);
    }

    /// <summary>Creates a 2-D tensor from a rectangular array.</summary>
    public static Tensor FromArray(double[,] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var result = new Tensor(data.GetLength(0), data.GetLength(1));
        int i = 0;
        foreach (double value in data)
        {
            result._data[i++] = value;
        }

        return result;
    }

    /// <summary>A copy of the dimensions, outermost first (NumPy's <c>shape</c>).</summary>
    public int[] Shape => (int[])_shape.Clone();

    /// <summary>The number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>The total number of elements.</summary>
    public int Length => _data.Length;

    /// <summary>The size of one dimension.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="axis"/> is not in [0, <see cref="Rank"/>).</exception>
    public int Dim(int axis)
    {
        if ((uint)axis >= (uint)_shape.Length)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(axis), axis,
                $"Dim: axis {axis} is outside a tensor of rank {_shape.Length} with shape {ShapeText}.");
        }

        return _shape[axis];
    }

    /// <summary>The shape as NumPy prints it, e.g. <c>(10, 4)</c>.</summary>
    public string ShapeText => ThrowHelper.FormatShape(_shape);

    /// <summary>The elements in row-major order, writable in place.</summary>
    public Span<double> AsSpan() => _data;

    /// <summary>The elements in row-major order, read-only.</summary>
    public ReadOnlySpan<double> AsReadOnlySpan() => _data;

    /// <summary>One row of a 2-D tensor.</summary>
    public Span<double> Row(int row)
    {
        RequireRank(2, nameof(Row));
        if ((uint)row >= (uint)_shape[0])
        {
            ThrowHelper.ArgumentOutOfRange(nameof(row), row, $"Row: row {row} is outside a tensor of shape {ShapeText}.");
        }

        return _data.AsSpan(row * _shape[1], _shape[1]);
    }

    /// <summary>A row-major copy of the elements.</summary>
    public double[] ToArray() => (double[])_data.Clone();

    /// <summary>A copy of this tensor with its own storage.</summary>
    public Tensor Clone() => new((double[])_data.Clone(), (int[])_shape.Clone());

    /// <summary>The element of a 1-D tensor.</summary>
    public double this[int index]
    {
        get => _data[FlatIndex(index)];
        set => _data[FlatIndex(index)] = value;
    }

    /// <summary>The element at (<paramref name="row"/>, <paramref name="column"/>) of a 2-D tensor.</summary>
    public double this[int row, int column]
    {
        get => _data[FlatIndex(row, column)];
        set => _data[FlatIndex(row, column)] = value;
    }

    /// <summary>The element at the given indices, one per dimension.</summary>
    public double this[params int[] indices]
    {
        get => _data[FlatIndex(indices)];
        set => _data[FlatIndex(indices)] = value;
    }

    /// <summary>Sets every element to <paramref name="value"/>.</summary>
    public void Fill(double value) => _data.AsSpan().Fill(value);

    /// <summary>Copies the elements of <paramref name="source"/>, which must have the same shape, into this tensor.</summary>
    public void CopyFrom(Tensor source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!SameShape(source))
        {
            ThrowHelper.Argument(nameof(source), $"CopyFrom: source shape {source.ShapeText} differs from destination shape {ShapeText}.");
        }

        source._data.CopyTo(_data, 0);
    }

    /// <summary>Whether <paramref name="other"/> has exactly this tensor's shape.</summary>
    public bool SameShape(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return _shape.AsSpan().SequenceEqual(other._shape);
    }

    /// <inheritdoc />
    public override string ToString() => $"Tensor{ShapeText}";

    internal double[] Data => _data;

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

    private static int[] ValidatedShapeCopy(int[] shape, string paramName, out int length)
    {
        ArgumentNullException.ThrowIfNull(shape, paramName);
        if (shape.Length == 0)
        {
            ThrowHelper.Argument(paramName, "Tensor: a shape needs at least one dimension.");
        }

        long count = 1;
        foreach (int dim in shape)
        {
            if (dim <= 0)
            {
                ThrowHelper.Argument(paramName,
                    $"Tensor: shape {ThrowHelper.FormatShape(shape)} has a dimension {dim}; every dimension must be at least 1.");
            }

            count *= dim;
            if (count > Array.MaxLength)
            {
                ThrowHelper.Argument(paramName,
                    $"Tensor: shape {ThrowHelper.FormatShape(shape)} holds more than {Array.MaxLength} elements.");
            }
        }

        length = (int)count;
        return (int[])shape.Clone();
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
