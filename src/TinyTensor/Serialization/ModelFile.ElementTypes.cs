namespace TinyTensor.Serialization;

public static partial class ModelFile
{
    /// <summary>The metadata key that records the model's element type, "float64" or "float32" (written when the model
    /// has tensors; optional on read, where the tensors' dtypes decide).</summary>
    internal const string DTypeKey = "dtype";

    /// <summary>The most tensor names a mixed-type message lists per type.</summary>
    private const int NamesShown = 8;

    /// <summary>
    /// The one element type of <paramref name="tensors"/> (entries with a null type, the I64 BatchNorm counter, take
    /// whatever the others have); null when there is none. A network holds one type (<see cref="Layers.Layer.DType"/>),
    /// so a mix is an error: <paramref name="mixed"/> builds it from the tensors listed by type.
    /// </summary>
    internal static DType? CommonType(IEnumerable<(string Name, DType? Type)> tensors, Func<string, Exception> mixed)
    {
        var byType = new SortedDictionary<DType, List<string>>();
        foreach ((string name, DType? type) in tensors)
        {
            if (type is { } t)
            {
                if (!byType.TryGetValue(t, out List<string>? names))
                {
                    byType.Add(t, names = []);
                }

                names.Add(name);
            }
        }

        if (byType.Count > 1)
        {
            throw mixed(string.Join("; ", byType.Select(p =>
                $"{p.Key.Name()} ({SafeTensorsHeader.Name(p.Key)}): {string.Join(", ", p.Value.Take(NamesShown))}{(p.Value.Count > NamesShown ? $" and {p.Value.Count - NamesShown} more" : "")}")));
        }

        return byType.Count == 0 ? null : byType.Keys.First();
    }

    /// <summary>
    /// The element type the loaded model gets: <paramref name="requested"/> when given (every tensor converted to it),
    /// else the one type of the file's F64/F32 tensors (float64 for a file with none). A file whose tensors mix types
    /// is refused unless a type is requested; metadata that records a type must agree with the tensors either way.
    /// </summary>
    /// <exception cref="InvalidDataException">The tensors mix types and none was requested, or the metadata's
    /// "dtype" is unknown or disagrees with a tensor.</exception>
    private static DType TargetType(SafeTensorsHeader parsed, DType? requested)
    {
        if (parsed.Metadata.TryGetValue(DTypeKey, out string? recorded))
        {
            if (recorded is not ("float64" or "float32") || !DTypes.TryParse(recorded, out DType type))
            {
                throw new InvalidDataException($"the header's __metadata__ has dtype \"{recorded}\"; a model file records float64 or float32.");
            }

            if (parsed.Tensors.FirstOrDefault(t => SafeTensorsHeader.ElementType(t.Dtype) is { } d && d != type) is { } liar)
            {
                throw new InvalidDataException(
                    $"the header's __metadata__ records dtype {recorded}, but tensor \"{liar.Name}\" is {liar.Dtype}; a model file holds one element type.");
            }
        }

        if (requested is { } asked)
        {
            return asked;
        }

        return CommonType(parsed.Tensors.Select(t => (t.Name, SafeTensorsHeader.ElementType(t.Dtype))), where => new InvalidDataException(
            $"the file's tensors mix element types ({where}), but a network holds one type; load it with a DType to convert every tensor to it " +
            "(e.g. ModelFile.Load(path, DType.Float32)).")) ?? DType.Float64;
    }

    /// <summary>Whether a tensor of the file fits the shape <paramref name="expected"/>: the same shape, or PyTorch's
    /// 0-d BatchNorm counter (shape []) where TinyTensor holds it as (1,).</summary>
    private static bool ShapeFits(TensorEntry entry, int[] expected) =>
        SameShape(entry.Shape, expected)
        || (entry.Shape.Length == 0 && expected is [1] && SafeTensorsHeader.IsCounter(entry.Name));
}
