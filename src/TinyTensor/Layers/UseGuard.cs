using TinyTensor.Internal;

namespace TinyTensor.Layers;

/// <summary>
/// A cheap check that a network or optimiser is not used from two threads at once: an interlocked flag set for the
/// length of a call. It cannot see every race (two calls that do not overlap in time pass), but overlapping ones
/// fail loudly instead of corrupting shared buffers.
/// </summary>
internal struct UseGuard
{
    private int _busy;

    /// <summary>Marks the object in use; throws if another call holds it. Call <see cref="Exit"/> in a finally
    /// block that starts after this call, so a refused call does not release the other's flag.</summary>
    /// <param name="owner">The object guarded; its type names the call in the message (built only on failure,
    /// so a successful call allocates nothing).</param>
    /// <param name="method">The method entered.</param>
    public void Enter(object owner, string method)
    {
        if (Interlocked.Exchange(ref _busy, 1) != 0)
        {
            ThrowHelper.InvalidOperation(
                $"{owner.GetType().Name}.{method}: called while another call on the same object is running, e.g. from a second thread. " +
                "Networks and optimisers reuse their buffers on every call and are not thread-safe: use one network (and optimiser) per thread.");
        }
    }

    public void Exit() => Volatile.Write(ref _busy, 0);
}
