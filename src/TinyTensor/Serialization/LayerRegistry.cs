using System.Text.Json;
using System.Text.Json.Nodes;
using TinyTensor.Internal;
using TinyTensor.Layers;

namespace TinyTensor.Serialization;

/// <summary>
/// The layer types a model file can hold: type name → <see cref="LayerFormat"/>. The library's layers are registered
/// here, one line each; user code registers its own with <see cref="Register"/> and then saves and loads models that
/// contain them.
/// </summary>
/// <remarks>Thread-safe. <see cref="Sequential"/> is not registered: the format writes it as a JSON array of its
/// modules.</remarks>
public static class LayerRegistry
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, LayerFormat> ByName = new(StringComparer.Ordinal);
    private static readonly Dictionary<Type, LayerFormat> ByType = [];
    private static readonly List<string> Names = [];

    static LayerRegistry()
    {
        // Adding a layer to the library: its file declares its Format, and one line here registers it.
        Register(Linear.Format);
        Register(ReLU.Format);
        Register(Softmax.Format);
        Register(Sigmoid.Format);
        Register(Tanh.Format);
        Register(LeakyReLU.Format);
        Register(Conv2d.Format);
        Register(MaxPool2d.Format);
        Register(AvgPool2d.Format);
        Register(Flatten.Format);
        Register(Dropout.Format);
        Register(BatchNorm1d.Format);
        Register(BatchNorm2d.Format);
        Register(Standardize.Format);
    }

    /// <summary>The registered type names, in registration order.</summary>
    public static IReadOnlyList<string> TypeNames
    {
        get
        {
            lock (Gate)
            {
                return [.. Names];
            }
        }
    }

    /// <summary>Registers <paramref name="format"/>; registering the same instance again does nothing.</summary>
    /// <exception cref="ArgumentException">Another format already has its type name or its layer type, or the name is
    /// "Sequential".</exception>
    public static void Register(LayerFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        if (format.TypeName == nameof(Sequential))
        {
            throw new ArgumentException("LayerRegistry: \"Sequential\" is the format's own container and cannot be registered.", nameof(format));
        }

        lock (Gate)
        {
            if (ByName.TryGetValue(format.TypeName, out LayerFormat? existing) || ByType.TryGetValue(format.LayerType, out existing))
            {
                if (ReferenceEquals(existing, format))
                {
                    return;
                }

                throw new ArgumentException(
                    $"LayerRegistry: type name \"{format.TypeName}\" or layer type {format.LayerType.Name} is already registered (as \"{existing.TypeName}\" for {existing.LayerType.Name}).",
                    nameof(format));
            }

            ByName.Add(format.TypeName, format);
            ByType.Add(format.LayerType, format);
            Names.Add(format.TypeName);
        }
    }

    /// <summary>The format registered under <paramref name="typeName"/>, if any.</summary>
    public static bool TryGet(string typeName, out LayerFormat? format)
    {
        lock (Gate)
        {
            return ByName.TryGetValue(typeName, out format);
        }
    }

    /// <summary>The format registered for <paramref name="layer"/>'s exact type, if any.</summary>
    public static bool TryGet(Layer layer, out LayerFormat? format)
    {
        ArgumentNullException.ThrowIfNull(layer);
        lock (Gate)
        {
            return ByType.TryGetValue(layer.GetType(), out format);
        }
    }

    /// <summary>
    /// Builds a layer from its description, as a model file holds it: <c>{"type":"LeakyReLU","negative_slope":0.01}</c>.
    /// </summary>
    /// <param name="module">The module object: "type" and the hyper-parameters.</param>
    /// <param name="parameters">Its parameter tensors by local name (the layer may keep them); none for a layer without parameters.</param>
    /// <exception cref="ArgumentException">The type is not registered, a hyper-parameter is invalid, or the tensors are
    /// not the ones the description implies.</exception>
    public static Layer Create(JsonObject module, IReadOnlyDictionary<string, Tensor>? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        string? type = module[LayerFormat.TypeKey] is JsonValue value && value.TryGetValue(out string? name) ? name : null;
        if (type is null || !TryGet(type, out LayerFormat? format))
        {
            throw new ArgumentException(
                $"LayerRegistry.Create: {(type is null ? "the module has no \"type\" string" : $"unknown type \"{type}\"")} (registered: {List()}).", nameof(module));
        }

        parameters ??= new Dictionary<string, Tensor>();
        using JsonDocument document = JsonDocument.Parse(module.ToJsonString());
        var config = new LayerConfig(document.RootElement, "the module", type);
        try
        {
            format!.Check(config);
            IReadOnlyList<(string Name, int[] Shape)> shapes = format.ParameterShapes(config);
            if (shapes.Count != parameters.Count
                || shapes.Any(s => !parameters.TryGetValue(s.Name, out Tensor? t) || !t.Shape.AsSpan().SequenceEqual(s.Shape)))
            {
                throw new ArgumentException(
                    $"LayerRegistry.Create: {config} needs the parameters [{string.Join(", ", shapes.Select(s => $"{s.Name} {ThrowHelper.FormatShape(s.Shape)}"))}], " +
                    $"got [{string.Join(", ", parameters.Select(p => $"{p.Key} {p.Value.ShapeText}"))}].", nameof(parameters));
            }

            return format.Create(config, parameters);
        }
        catch (InvalidDataException ex)
        {
            throw new ArgumentException($"LayerRegistry.Create: {ex.Message}", nameof(module), ex);
        }
    }

    /// <summary>"Linear, ReLU, …" for messages.</summary>
    internal static string List() => string.Join(", ", TypeNames);
}
