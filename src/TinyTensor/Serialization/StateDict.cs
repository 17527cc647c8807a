using TinyTensor.Layers;

namespace TinyTensor.Serialization;

/// <summary>
/// A model's tensors as a model file holds them: PyTorch's <c>state_dict</c> names and order (for each module its
/// parameters, then its buffers such as BatchNorm's running statistics, then its children's) and, for each, the
/// <see cref="TensorLayout"/> its layer's <see cref="LayerFormat"/> gives it in the file.
/// </summary>
internal static class StateDict
{
    /// <summary>One parameter or buffer: its full name, its local name in its layer, its value and its stored layout.</summary>
    internal readonly record struct Entry(string Name, string LocalName, Tensor Value, TensorLayout Layout, Layer Owner)
    {
        /// <summary>The shape in the file.</summary>
        public int[] StoredShape => Layout.StoredShape(Value.Shape);
    }

    /// <summary>The entries of <paramref name="model"/>, in <c>state_dict</c> order (<see cref="Layer.NamedParameters"/>
    /// order when no layer has buffers).</summary>
    /// <exception cref="ArgumentException">A layer with parameters has no registered format, so its layout is unknown.</exception>
    public static List<Entry> Of(Layer model)
    {
        var entries = new List<Entry>();
        Add(model, "", entries);
        return entries;
    }

    private static void Add(Layer module, string prefix, List<Entry> entries)
    {
        (string Name, Tensor Value)[] own = [.. module.OwnState()];
        if (own.Length > 0)
        {
            if (!LayerRegistry.TryGet(module, out LayerFormat? format))
            {
                throw new ArgumentException(
                    $"ModelFile: module {(prefix.Length == 0 ? "(the root)" : prefix.TrimEnd('.'))} is a {module.GetType().Name}, whose file layout is unknown: " +
                    $"its type is not registered (registered: {LayerRegistry.List()}). Register a LayerFormat for it with LayerRegistry.Register.", nameof(module));
            }

            foreach ((string name, Tensor value) in own)
            {
                entries.Add(new Entry(prefix + name, name, value, format!.Layout(name), module));
            }
        }

        foreach ((string name, Layer child) in module.NamedChildren())
        {
            Add(child, prefix + name + ".", entries);
        }
    }
}
