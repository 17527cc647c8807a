using TinyTensor.Internal;

namespace TinyTensor;

public sealed partial class Tensor
{
    /// <summary>The same elements seen with another shape (NumPy's <c>reshape</c> of a C-contiguous array): a view.</summary>
    /// <param name="shape">The new dimensions; one of them may be −1, inferred from the element count.</param>
    /// <exception cref="ArgumentException">The element counts differ, more than one dimension is −1, or a dimension is
    /// negative.</exception>
    public Tensor Reshape(params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        int[] resolved = (int[])shape.Clone();
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < resolved.Length; i++)
        {
            if (resolved[i] == -1)
            {
                if (inferred >= 0)
                {
                    ThrowHelper.Argument(nameof(shape), $"Reshape: shape {ThrowHelper.FormatShape(shape)} has more than one -1; only one dimension can be inferred.");
                }

                inferred = i;
            }
            else if (resolved[i] < 0)
            {
                ThrowHelper.Argument(nameof(shape), $"Reshape: shape {ThrowHelper.FormatShape(shape)} has a negative dimension {resolved[i]}.");
            }
            else
            {
                known *= resolved[i];
            }
        }

        if (inferred >= 0)
        {
            if (known == 0 || _length % known != 0)
            {
                ThrowReshapeCount(shape);
            }

            resolved[inferred] = (int)(_length / known);
        }
        else if (known != _length)
        {
            ThrowReshapeCount(shape);
        }

        return ViewOf(resolved);
    }

    /// <summary>The elements as a 1-D view (NumPy's <c>ravel</c> of a C-contiguous array).</summary>
    public Tensor Flatten() => ViewOf([_length]);

    /// <summary>Rows <paramref name="start"/> (inclusive) to <paramref name="stop"/> (exclusive) of the first axis: a view.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The bounds are not 0 ≤ start ≤ stop ≤ <c>Dim(0)</c>.</exception>
    public Tensor Slice(int start, int stop)
    {
        if (start < 0 || stop < start || stop > _shape[0])
        {
            ThrowHelper.ArgumentOutOfRange(nameof(start), start,
                $"Slice: rows [{start}, {stop}) are outside axis 0 of length {_shape[0]} (shape {ShapeText}).");
        }

        int rowLength = _shape[0] == 0 ? 0 : _length / _shape[0];
        int[] shape = (int[])_shape.Clone();
        shape[0] = stop - start;
        return new Tensor(_storage, _offset + (start * rowLength), shape, shape[0] * rowLength, isView: true);
    }

    /// <summary>A range of rows of the first axis (<c>a[2..5]</c>, <c>a[^3..]</c>): a view, as <see cref="Slice"/>.</summary>
    public Tensor this[Range rows]
    {
        get
        {
            (int start, int count) = GetRange(rows);
            return Slice(start, start + count);
        }
    }

    /// <summary>Removes axis <paramref name="axis"/>, which must have length 1: a view.</summary>
    /// <exception cref="ArgumentException">The axis does not have length 1, or it is the only axis.</exception>
    public Tensor Squeeze(int axis)
    {
        int a = NormalizeAxis(axis, nameof(Squeeze));
        if (_shape[a] != 1)
        {
            ThrowHelper.Argument(nameof(axis), $"Squeeze: axis {axis} of shape {ShapeText} has length {_shape[a]}, not 1.");
        }

        if (_shape.Length == 1)
        {
            ThrowHelper.Argument(nameof(axis), $"Squeeze: shape {ShapeText} has one axis; a tensor keeps at least one.");
        }

        int[] shape = [.. _shape[..a], .. _shape[(a + 1)..]];
        return ViewOf(shape);
    }

    /// <summary>Inserts an axis of length 1 at <paramref name="axis"/> (in [−rank − 1, rank]): a view.</summary>
    public Tensor Unsqueeze(int axis)
    {
        int a = NormalizeAxis(axis, _shape.Length + 1, nameof(Unsqueeze), ShapeText);
        int[] shape = [.. _shape[..a], 1, .. _shape[a..]];
        return ViewOf(shape);
    }

    /// <summary>The transpose of a 2-D tensor, as a new contiguous tensor.</summary>
    public Tensor T => Transpose();

    /// <summary>The transpose of a 2-D tensor (NumPy's <c>a.T</c>), as a new contiguous tensor.</summary>
    /// <exception cref="ArgumentException">The tensor is not 2-D.</exception>
    public Tensor Transpose()
    {
        RequireRank(2, nameof(Transpose));
        return Transpose(1, 0);
    }

    /// <summary>The axes permuted (NumPy's <c>transpose(axes)</c>): axis i of the result is axis
    /// <c>axes[i]</c> of this tensor. A new contiguous tensor.</summary>
    /// <exception cref="ArgumentException"><paramref name="axes"/> is not a permutation of the axes.</exception>
    public Tensor Transpose(params int[] axes)
    {
        ArgumentNullException.ThrowIfNull(axes);
        int rank = _shape.Length;
        if (axes.Length != rank)
        {
            ThrowHelper.Argument(nameof(axes), $"Transpose: {axes.Length} axes given for a tensor of rank {rank} with shape {ShapeText}.");
        }

        int[] perm = new int[rank];
        bool[] seen = new bool[rank];
        for (int i = 0; i < rank; i++)
        {
            int a = NormalizeAxis(axes[i], nameof(Transpose));
            if (seen[a])
            {
                ThrowHelper.Argument(nameof(axes), $"Transpose: axis {axes[i]} is repeated in [{string.Join(", ", axes)}].");
            }

            seen[a] = true;
            perm[i] = a;
        }

        int[] strides = RowMajorStrides(_shape);
        int[] shape = new int[rank];
        int[] sourceStrides = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            shape[i] = _shape[perm[i]];
            sourceStrides[i] = strides[perm[i]];
        }

        var result = new Tensor(_dtype, shape);
        if (_dtype == DType.Float32)
        {
            Kernels.Shape.StridedCopy.Gather(AsReadOnlySpan<float>(), shape, sourceStrides, result.AsSpan<float>());
        }
        else
        {
            Kernels.Shape.StridedCopy.Gather(AsReadOnlySpan<double>(), shape, sourceStrides, result.AsSpan<double>());
        }

        return result;
    }

    /// <summary>Copies the rows <paramref name="indices"/> of the first axis, in that order (NumPy's
    /// <c>a[[4, 0, 4]]</c>; negative indices count from the end).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside the first axis.</exception>
    public Tensor Take(int[] indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        int rows = _shape[0];
        int rowLength = rows == 0 ? 0 : _length / rows;
        int[] shape = (int[])_shape.Clone();
        shape[0] = indices.Length;
        var result = new Tensor(_dtype, shape);
        for (int i = 0; i < indices.Length; i++)
        {
            int row = indices[i] < 0 ? indices[i] + rows : indices[i];
            if ((uint)row >= (uint)rows)
            {
                ThrowHelper.ArgumentOutOfRange(nameof(indices), indices[i],
                    $"Take: index {indices[i]} (position {i}) is out of bounds for axis 0 of length {rows} (shape {ShapeText}).");
            }

            CopyElements(this, row * rowLength, result, i * rowLength, rowLength);
        }

        return result;
    }

    /// <summary>Joins tensors along an existing axis (NumPy's <c>concatenate</c>); the other dimensions and the element
    /// types must agree (the result has that type).</summary>
    /// <exception cref="ArgumentException">The list is empty, the ranks differ, a dimension other than
    /// <paramref name="axis"/> differs, or a part's element type differs from part 0's (the message names both).</exception>
    public static Tensor Concatenate(IReadOnlyList<Tensor> parts, int axis = 0)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            ThrowHelper.Argument(nameof(parts), "Concatenate: needs at least one tensor, got an empty list.");
        }

        Tensor first = parts[0] ?? throw new ArgumentNullException(nameof(parts));
        int a = first.NormalizeAxis(axis, nameof(Concatenate));
        int[] shape = first.Shape;
        int total = 0;
        for (int p = 0; p < parts.Count; p++)
        {
            Tensor part = parts[p] ?? throw new ArgumentNullException(nameof(parts));
            bool agrees = part.Rank == first.Rank;
            for (int d = 0; agrees && d < shape.Length; d++)
            {
                agrees = d == a || part._shape[d] == shape[d];
            }

            if (!agrees)
            {
                ThrowHelper.Argument(nameof(parts),
                    $"Concatenate: part {p} has shape {part.ShapeText}, which does not match part 0's {first.ShapeText} outside axis {axis}.");
            }

            RequireSameDType(first, part, nameof(Concatenate), "part 0", $"part {p}");

            total += part._shape[a];
        }

        shape[a] = total;
        var result = new Tensor(first._dtype, shape);
        int outer = Product(shape.AsSpan(0, a));
        int inner = Product(shape.AsSpan(a + 1));
        int rowOffset = 0;
        foreach (Tensor part in parts)
        {
            int block = part._shape[a] * inner;
            for (int o = 0; o < outer; o++)
            {
                CopyElements(part, o * block, result, (o * total * inner) + rowOffset, block);
            }

            rowOffset += block;
        }

        return result;
    }

    /// <summary>Joins tensors of one shape and one element type along a new axis (NumPy's <c>stack</c>).</summary>
    /// <exception cref="ArgumentException">The list is empty, the shapes differ, or the element types differ.</exception>
    public static Tensor Stack(IReadOnlyList<Tensor> parts, int axis = 0)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            ThrowHelper.Argument(nameof(parts), "Stack: needs at least one tensor, got an empty list.");
        }

        Tensor first = parts[0] ?? throw new ArgumentNullException(nameof(parts));
        var expanded = new Tensor[parts.Count];
        for (int p = 0; p < parts.Count; p++)
        {
            Tensor part = parts[p] ?? throw new ArgumentNullException(nameof(parts));
            if (!part.SameShape(first))
            {
                ThrowHelper.Argument(nameof(parts), $"Stack: part {p} has shape {part.ShapeText}, part 0 has {first.ShapeText}; all must be equal.");
            }

            RequireSameDType(first, part, nameof(Stack), "part 0", $"part {p}");

            expanded[p] = part.Unsqueeze(axis);
        }

        return Concatenate(expanded, axis < 0 ? axis + first.Rank + 1 : axis);
    }

    /// <summary>Copies <paramref name="count"/> elements from position <paramref name="from"/> of
    /// <paramref name="source"/>'s elements to position <paramref name="to"/> of <paramref name="target"/>'s; both have
    /// one element type (the callers check).</summary>
    private static void CopyElements(Tensor source, int from, Tensor target, int to, int count) =>
        Array.Copy(source._storage, source._offset + from, target._storage, target._offset + to, count);

    /// <summary>Whether the two tensors are views of the same storage, overlapping or not.</summary>
    internal bool SharesStorage(Tensor other) => ReferenceEquals(_storage, other._storage);

    /// <summary>Whether the two tensors share any element of storage.</summary>
    internal bool Overlaps(Tensor other) =>
        ReferenceEquals(_storage, other._storage) && _length > 0 && other._length > 0
        && _offset < other._offset + other._length && other._offset < _offset + _length;

    /// <summary>Whether the two tensors are exactly the same elements (the aliasing NumPy's <c>out=</c> allows).</summary>
    internal bool SameElements(Tensor other) =>
        ReferenceEquals(_storage, other._storage) && _offset == other._offset && _length == other._length;

    internal static int Product(ReadOnlySpan<int> dims)
    {
        int p = 1;
        foreach (int d in dims)
        {
            p *= d;
        }

        return p;
    }

    internal static int[] RowMajorStrides(ReadOnlySpan<int> shape)
    {
        int[] strides = new int[shape.Length];
        int s = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= shape[i];
        }

        return strides;
    }

    private Tensor ViewOf(int[] shape) => new(_storage, _offset, shape, _length, isView: true);

    private (int Start, int Count) GetRange(Range rows)
    {
        int length = _shape[0];
        int start = rows.Start.IsFromEnd ? length - rows.Start.Value : rows.Start.Value;
        int end = rows.End.IsFromEnd ? length - rows.End.Value : rows.End.Value;
        if (start < 0 || end > length || start > end)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(rows), rows,
                $"Tensor[{rows}]: rows [{start}, {end}) are outside axis 0 of length {length} (shape {ShapeText}).");
        }

        return (start, end - start);
    }

    private void ThrowReshapeCount(int[] shape)
    {
        string target = ThrowHelper.FormatShape(shape);
        int known = Product(shape.Where(d => d >= 0).ToArray());
        ThrowHelper.Argument(nameof(shape), shape.Contains(-1)
            ? $"Reshape: cannot reshape {_length} elements of shape {ShapeText} into shape {target}: {_length} is not a multiple of {known}."
            : $"Reshape: cannot reshape {_length} elements of shape {ShapeText} into shape {target}, which holds {known}.");
    }
}
