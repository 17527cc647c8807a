namespace TinyTensor.Layers;

/// <summary>
/// A layer's reusable buffer for one role (output, input gradient, …), kept for the last two shapes asked for.
/// </summary>
/// <remarks>
/// An epoch whose last batch is partial alternates between two batch sizes (64, 64, …, 16, then 64 again): with a
/// single buffer every change of size allocates, twice an epoch; with two slots steady-state training allocates
/// nothing. A third shape replaces the least recently used slot.
/// </remarks>
internal sealed class BufferSlots
{
    private Tensor? _recent;
    private Tensor? _older;

    /// <summary>A (rows, columns) buffer: the one from a previous call with that shape, else a new zero tensor.</summary>
    public Tensor Get(int rows, int columns)
    {
        if (_recent is not null && _recent.HasShape(rows, columns))
        {
            return _recent;
        }

        return _older is not null && _older.HasShape(rows, columns) ? Promote() : Add(new Tensor(rows, columns));
    }

    /// <summary>A buffer of <paramref name="reference"/>'s shape: a previous one of that shape, else a new zero tensor.</summary>
    public Tensor Get(Tensor reference)
    {
        if (_recent is not null && _recent.SameShape(reference))
        {
            return _recent;
        }

        return _older is not null && _older.SameShape(reference) ? Promote() : Add(new Tensor(reference.Shape));
    }

    private Tensor Promote()
    {
        (_recent, _older) = (_older, _recent);
        return _recent!;
    }

    private Tensor Add(Tensor buffer)
    {
        _older = _recent;
        _recent = buffer;
        return buffer;
    }
}
