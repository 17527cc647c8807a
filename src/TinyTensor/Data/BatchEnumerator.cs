using System.Diagnostics.CodeAnalysis;

namespace TinyTensor.Data;

/// <summary>
/// The batches of one epoch of a <see cref="DataLoader"/>, for <c>foreach</c>: a struct that is its own enumerator,
/// so iterating allocates nothing.
/// </summary>
/// <remarks>Each <see cref="Current"/> is a buffer the loader reuses (see <see cref="Batch"/>).</remarks>
[SuppressMessage("Performance", "CA1815:Override equals and operator equals on value types",
    Justification = "An enumerator, never compared.")]
public struct BatchEnumerator
{
    private readonly DataLoader _loader;
    private readonly DType _dtype;
    private int _next;

    internal BatchEnumerator(DataLoader loader, DType dtype)
    {
        _loader = loader;
        _dtype = dtype;
        _next = 0;
        Current = null!;
    }

    /// <summary>The current batch; valid after <see cref="MoveNext"/> returned <see langword="true"/>.</summary>
    public Batch Current { get; private set; }

    /// <summary>Returns this enumerator, so that <c>foreach</c> works on the result of <see cref="DataLoader.Batches()"/>.</summary>
    public readonly BatchEnumerator GetEnumerator() => this;

    /// <summary>Fills the next batch.</summary>
    /// <returns><see langword="false"/> after the last batch of the epoch.</returns>
    public bool MoveNext()
    {
        if (_loader is null)
        {
            return false;
        }

        _loader.BatchProgress?.Report(_next);
        if (_next >= _loader.BatchCount)
        {
            return false;
        }

        Current = _loader.FillBatch(_next++, _dtype);
        return true;
    }
}
