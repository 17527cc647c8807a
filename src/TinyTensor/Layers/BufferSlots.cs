namespace TinyTensor.Layers;

/// <summary>
/// A layer's reusable buffer for one role (output, input gradient, …), kept for the last two shapes asked for.
/// </summary>
/// <remarks>
/// An epoch whose last batch is partial alternates between two batch sizes (64, 64, …, 16, then 64 again): with a
/// single buffer every change of size allocates, twice an epoch; with two slots steady-state training allocates
/// nothing. A third shape replaces the least recently used slot.
/// <para>The <c>avoid</c> argument handles a layer fed its own output (<c>lin.Forward(lin.Forward(x))</c> on a square
/// Linear): the buffer it returns is never <c>avoid</c>, so a kernel never writes the tensor it reads. The second
/// slot then holds the other buffer of that shape, and alternating calls allocate nothing either.</para>
/// </remarks>
internal sealed class BufferSlots
{
    // Each slot matches on element type as well as shape: a layer fed float32 after float64 never reuses a float64
    // buffer.
    private Tensor? _recent;
    private Tensor? _older;
    private int[] _recentShape = [];
    private int[] _olderShape = [];

    /// <summary>A (rows, columns) buffer of element type <paramref name="dtype"/> other than <paramref name="avoid"/>:
    /// the one from a previous call with that type and shape, else a new zero tensor.</summary>
    public Tensor Get(DType dtype, int rows, int columns, Tensor? avoid = null)
    {
        if (_recent is not null && _recent.DType == dtype && _recent.HasShape(rows, columns) && !Shares(_recent, avoid))
        {
            return _recent;
        }

        return _older is not null && _older.DType == dtype && _older.HasShape(rows, columns) && !Shares(_older, avoid)
            ? Promote()
            : Add(new Tensor(dtype, rows, columns));
    }

    /// <summary>A buffer of <paramref name="reference"/>'s element type and shape other than <paramref name="avoid"/>:
    /// a previous one of that type and shape, else a new zero tensor.</summary>
    public Tensor Get(Tensor reference, Tensor? avoid = null)
    {
        DType dtype = reference.DType;
        if (_recent is not null && _recent.DType == dtype && _recent.SameShape(reference) && !Shares(_recent, avoid))
        {
            return _recent;
        }

        return _older is not null && _older.DType == dtype && _older.SameShape(reference) && !Shares(_older, avoid)
            ? Promote()
            : Add(new Tensor(dtype, reference.Shape));
    }

    /// <summary>A buffer of element type <paramref name="dtype"/> and the given shape other than
    /// <paramref name="avoid"/>: a previous one of that type and shape, else a new zero tensor (pass the shape as a
    /// collection expression, <c>[n, c, h, w]</c>: no allocation on a hit).</summary>
    public Tensor Get(DType dtype, ReadOnlySpan<int> shape, Tensor? avoid = null)
    {
        // The slots' shapes are compared through arrays kept beside them (Tensor.Dim would allocate its error text).
        if (_recent is not null && _recent.DType == dtype && shape.SequenceEqual(_recentShape) && !Shares(_recent, avoid))
        {
            return _recent;
        }

        return _older is not null && _older.DType == dtype && shape.SequenceEqual(_olderShape) && !Shares(_older, avoid)
            ? Promote()
            : Add(new Tensor(dtype, shape.ToArray()));
    }

    /// <summary>Whether the two tensors share storage (any view of the buffer counts, overlapping or not).</summary>
    internal static bool Shares(Tensor buffer, Tensor? other) => other is not null && buffer.SharesStorage(other);

    private Tensor Promote()
    {
        (_recent, _older, _recentShape, _olderShape) = (_older, _recent, _olderShape, _recentShape);
        return _recent!;
    }

    private Tensor Add(Tensor buffer)
    {
        (_older, _olderShape) = (_recent, _recentShape);
        (_recent, _recentShape) = (buffer, buffer.Shape);
        return buffer;
    }
}
