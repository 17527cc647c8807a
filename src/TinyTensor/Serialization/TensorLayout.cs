namespace TinyTensor.Serialization;

/// <summary>
/// How one parameter is stored in a model file relative to the tensor the layer holds in memory: the stored shape and
/// an exact element permutation each way (no arithmetic, so every bit survives). A <see cref="LayerFormat"/> names one
/// per parameter, so the file holds PyTorch's <c>state_dict</c> shapes whatever layout the layer computes with.
/// </summary>
/// <remarks>
/// <para><see cref="Layers.Linear"/> keeps W as (in, out) for x·W; PyTorch's <c>nn.Linear.weight</c> is (out, in), so its
/// format stores W <see cref="Transposed"/>. A layer whose memory layout already is PyTorch's (a future Conv2d's
/// (out, in, kH, kW) weight, BatchNorm's running statistics) uses <see cref="AsIs"/>, the default.</para>
/// <para>Files of versions 1 and 2 predate layouts: their tensors are read <see cref="AsIs"/> whatever the format says.</para>
/// </remarks>
public abstract class TensorLayout
{
    /// <summary>Stored exactly as held in memory.</summary>
    public static TensorLayout AsIs { get; } = new AsIsLayout();

    /// <summary>A matrix (r, c) in memory stored as its transpose (c, r), row-major: <see cref="Layers.Linear"/>'s weight.</summary>
    public static TensorLayout Transposed { get; } = new TransposedLayout();

    /// <summary>A short name for messages and docs: "as is", "transposed".</summary>
    public abstract string Name { get; }

    /// <summary>The shape in the file of a tensor of shape <paramref name="shape"/> in memory.</summary>
    /// <exception cref="ArgumentException">The layout does not apply to a tensor of that rank.</exception>
    public abstract int[] StoredShape(ReadOnlySpan<int> shape);

    /// <summary>Writes <paramref name="value"/> (memory layout, shape <paramref name="shape"/>) into
    /// <paramref name="stored"/> (file layout, same length).</summary>
    /// <typeparam name="T">The element type: <see cref="double"/> or <see cref="float"/> (a permutation, for any type).</typeparam>
    public abstract void Store<T>(ReadOnlySpan<T> value, ReadOnlySpan<int> shape, Span<T> stored)
        where T : unmanaged;

    /// <summary>Writes <paramref name="stored"/> (file layout) into <paramref name="value"/> (memory layout, shape
    /// <paramref name="shape"/>, same length): the inverse of <see cref="Store"/>.</summary>
    /// <typeparam name="T">The element type: <see cref="double"/> or <see cref="float"/> (a permutation, for any type).</typeparam>
    public abstract void Restore<T>(ReadOnlySpan<T> stored, ReadOnlySpan<int> shape, Span<T> value)
        where T : unmanaged;

    /// <inheritdoc />
    public override string ToString() => Name;

    private sealed class AsIsLayout : TensorLayout
    {
        public override string Name => "as is";

        public override int[] StoredShape(ReadOnlySpan<int> shape) => shape.ToArray();

        public override void Store<T>(ReadOnlySpan<T> value, ReadOnlySpan<int> shape, Span<T> stored) => value.CopyTo(stored);

        public override void Restore<T>(ReadOnlySpan<T> stored, ReadOnlySpan<int> shape, Span<T> value) => stored.CopyTo(value);
    }

    private sealed class TransposedLayout : TensorLayout
    {
        public override string Name => "transposed";

        public override int[] StoredShape(ReadOnlySpan<int> shape)
        {
            if (shape.Length != 2)
            {
                throw new ArgumentException($"TensorLayout.Transposed: applies to matrices, not to a tensor of rank {shape.Length}.", nameof(shape));
            }

            return [shape[1], shape[0]];
        }

        // value is (r, c) row-major, stored is (c, r) row-major: stored[j, i] = value[i, j].
        public override void Store<T>(ReadOnlySpan<T> value, ReadOnlySpan<int> shape, Span<T> stored) =>
            Copy(value, shape[0], shape[1], stored);

        // stored is (c, r) row-major; value is (r, c): value[i, j] = stored[j, i].
        public override void Restore<T>(ReadOnlySpan<T> stored, ReadOnlySpan<int> shape, Span<T> value) =>
            Copy(stored, shape[1], shape[0], value);

        /// <summary>destination (cols, rows) = sourceᵀ, source (rows, cols).</summary>
        private static void Copy<T>(ReadOnlySpan<T> source, int rows, int cols, Span<T> destination)
        {
            for (int i = 0; i < rows; i++)
            {
                ReadOnlySpan<T> row = source.Slice(i * cols, cols);
                for (int j = 0; j < cols; j++)
                {
                    destination[(j * rows) + i] = row[j];
                }
            }
        }
    }
}
