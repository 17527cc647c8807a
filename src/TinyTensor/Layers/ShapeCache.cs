namespace TinyTensor.Layers;

/// <summary>
/// The shapes of the last two tensors asked about, by reference: a layer reads the dimensions of its input every call,
/// and <see cref="Tensor.Shape"/> copies the array while <see cref="Tensor.Dim"/> formats an error text eagerly, so
/// both allocate. A tensor's shape never changes, and a network feeds each layer the same few buffers, so after the
/// first calls this allocates nothing.
/// </summary>
internal sealed class ShapeCache
{
    private Tensor? _recent, _older;
    private int[] _recentShape = [], _olderShape = [];

    /// <summary>The dimensions of <paramref name="tensor"/> (a shared array: do not modify it).</summary>
    public int[] Of(Tensor tensor)
    {
        if (ReferenceEquals(tensor, _recent))
        {
            return _recentShape;
        }

        if (ReferenceEquals(tensor, _older))
        {
            (_recent, _older, _recentShape, _olderShape) = (_older, _recent, _olderShape, _recentShape);
            return _recentShape;
        }

        (_older, _olderShape) = (_recent, _recentShape);
        (_recent, _recentShape) = (tensor, tensor.Shape);
        return _recentShape;
    }
}
