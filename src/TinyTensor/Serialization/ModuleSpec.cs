using System.Globalization;
using System.Text.Json;
using TinyTensor.Layers;

namespace TinyTensor.Serialization;

/// <summary>
/// One module of a model file's architecture as read, before any tensor is loaded: a registered leaf layer (its
/// format, hyper-parameters and described parameter shapes) or a Sequential (its children).
/// </summary>
/// <remarks>
/// The architecture is JSON: a Sequential is the array of its modules, any other layer the object
/// <c>{"type": …, …hyper-parameters}</c>. Version 1 files hold one flat array (a Sequential of leaf layers);
/// versions 2 and 3 also allow nested arrays and a single module object as the root.
/// </remarks>
internal sealed class ModuleSpec
{
    private ModuleSpec(string path, LayerFormat? format, LayerConfig? config, List<ModuleSpec>? children,
        IReadOnlyList<(string Name, int[] Shape)> shapes, (int In, int Out)? features)
    {
        Path = path;
        Format = format;
        Config = config;
        Children = children;
        Shapes = shapes;
        Features = features;
    }

    /// <summary>"" for the root, else "0", "1.0", …: the prefix of its tensors' names.</summary>
    public string Path { get; }

    /// <summary>Null for a Sequential.</summary>
    public LayerFormat? Format { get; }

    public LayerConfig? Config { get; }

    /// <summary>The modules of a Sequential; null for a leaf layer.</summary>
    public List<ModuleSpec>? Children { get; }

    /// <summary>The described parameters: local names and shapes.</summary>
    public IReadOnlyList<(string Name, int[] Shape)> Shapes { get; }

    public (int In, int Out)? Features { get; }

    /// <summary>"architecture module 1.0", or "the architecture's root module".</summary>
    public string Where => Describe(Path);

    /// <summary>The full name of the local parameter <paramref name="name"/>: "1.0.weight", or "weight" at the root.</summary>
    public string TensorName(string name) => Path.Length == 0 ? name : Path + "." + name;

    public override string ToString() => Config?.ToString() ?? $"Sequential of {Children!.Count} modules";

    /// <summary>Reads the architecture; every problem is an <see cref="InvalidDataException"/> naming the module.</summary>
    /// <param name="root">The parsed architecture string.</param>
    /// <param name="version">1, 2 or 3.</param>
    /// <param name="maxModules">The most modules accepted (<see cref="ModelFileLimits.MaxModules"/>).</param>
    public static ModuleSpec Read(JsonElement root, int version, int maxModules)
    {
        if (root.ValueKind != JsonValueKind.Array && (version == 1 || root.ValueKind != JsonValueKind.Object))
        {
            throw new InvalidDataException(version == 1
                ? "the architecture is not a non-empty JSON array of modules."
                : $"the architecture is a JSON {root.ValueKind}, not a module object or an array of modules.");
        }

        int count = 0;
        return Read(root, "", version, maxModules, ref count);
    }

    private static ModuleSpec Read(JsonElement element, string path, int version, int maxModules, ref int count)
    {
        if (++count > maxModules)
        {
            throw new InvalidDataException(
                $"the architecture lists more than {maxModules} modules, the limit (ModelFileLimits.MaxModules; raise it to load a larger model).");
        }

        if (element.ValueKind == JsonValueKind.Array && (path.Length == 0 || version >= 2))
        {
            return ReadSequential(element, path, version, maxModules, ref count);
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{Describe(path)} is a JSON {element.ValueKind}, not an object.");
        }

        if (!element.TryGetProperty(LayerFormat.TypeKey, out JsonElement typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            throw new InvalidDataException($"{Describe(path)} has no \"type\" string.");
        }

        string type = typeElement.GetString()!;
        if (!LayerRegistry.TryGet(type, out LayerFormat? format))
        {
            throw new InvalidDataException(
                $"{Describe(path)} has unknown type \"{type}\" (registered: {LayerRegistry.List()}; a layer type defined outside the library must be registered with LayerRegistry.Register before loading).");
        }

        var config = new LayerConfig(element, Describe(path), type);
        format!.Check(config);
        return new ModuleSpec(path, format, config, children: null, format.ParameterShapes(config), format.Features(config));
    }

    private static ModuleSpec ReadSequential(JsonElement array, string path, int version, int maxModules, ref int count)
    {
        int length = array.GetArrayLength();
        if (length == 0)
        {
            throw new InvalidDataException(path.Length == 0
                ? "the architecture is not a non-empty JSON array of modules."
                : $"{Describe(path)} is an empty Sequential.");
        }

        var children = new List<ModuleSpec>(Math.Min(length, maxModules));
        foreach (JsonElement element in array.EnumerateArray())
        {
            string index = children.Count.ToString(CultureInfo.InvariantCulture);
            children.Add(Read(element, path.Length == 0 ? index : path + "." + index, version, maxModules, ref count));
        }

        CheckChain(children);
        return new ModuleSpec(path, format: null, config: null, children, shapes: [], features: null);
    }

    /// <summary>Each module with fixed widths takes what the previous such module gives.</summary>
    private static void CheckChain(List<ModuleSpec> children)
    {
        ModuleSpec? previous = null;
        foreach (ModuleSpec child in children)
        {
            if (child.Features is not { } features)
            {
                continue;
            }

            if (previous is not null && previous.Features!.Value.Out != features.In)
            {
                throw new InvalidDataException(
                    $"{child.Where} is {child}, but module {previous.Path} ({previous}) gives {previous.Features.Value.Out} features.");
            }

            previous = child;
        }
    }

    private static string Describe(string path) => path.Length == 0 ? "the architecture's root module" : $"architecture module {path}";
}
