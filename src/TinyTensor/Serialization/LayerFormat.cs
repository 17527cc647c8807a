using System.Text.Json.Nodes;
using TinyTensor.Layers;

namespace TinyTensor.Serialization;

/// <summary>
/// How one layer type is saved in a model file and rebuilt from it: its type name, its hyper-parameters as a small
/// JSON object, the shapes of its named parameters, and a factory. Register it with <see cref="LayerRegistry.Register"/>;
/// each of the library's layers declares its own next to its code (e.g. <c>Linear</c>'s).
/// </summary>
/// <remarks>
/// <para>A module is written as <c>{"type": TypeName, …hyper-parameters}</c> and its parameters as tensors named by
/// <see cref="Layer.NamedParameters"/> (<c>0.weight</c>), each in the <see cref="Layout"/> of its parameter: the shape
/// PyTorch's <c>state_dict</c> gives it (Linear's weight is stored transposed, (out, in)). Loading checks, before allocating anything, that the file
/// holds exactly the tensors <see cref="ParameterShapes"/> describes, then calls <see cref="Create"/> with them.
/// Saving checks that the layer's <see cref="Layer.OwnParameters"/> and <see cref="Layer.OwnBuffers"/> are what its
/// description implies.</para>
/// <para>Only leaf layers (no <see cref="Layer.NamedChildren"/>) are described this way; <see cref="Sequential"/>
/// is the container the format knows (a JSON array of its modules).</para>
/// </remarks>
public abstract class LayerFormat
{
    /// <summary>The key of the type name in a module's JSON object.</summary>
    public const string TypeKey = "type";

    /// <summary>Describes the layer type <paramref name="layerType"/> under the name <paramref name="typeName"/>.</summary>
    /// <exception cref="ArgumentException">The name is empty, or the type is not a <see cref="Layer"/>.</exception>
    protected LayerFormat(string typeName, Type layerType)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(typeName);
        ArgumentNullException.ThrowIfNull(layerType);
        if (!typeof(Layer).IsAssignableFrom(layerType))
        {
            throw new ArgumentException($"LayerFormat: {layerType.Name} is not a Layer.", nameof(layerType));
        }

        TypeName = typeName;
        LayerType = layerType;
    }

    /// <summary>The name written as the module's "type", e.g. <c>Linear</c>.</summary>
    public string TypeName { get; }

    /// <summary>The exact .NET type this format saves.</summary>
    public Type LayerType { get; }

    /// <summary>Checks the hyper-parameters of a module read from a file, before any tensor is read (the getters of
    /// <see cref="LayerConfig"/> throw the right <see cref="InvalidDataException"/>). Nothing to check by default;
    /// <see cref="ParameterShapes"/> and <see cref="Features"/> also run at that point.</summary>
    public virtual void Check(LayerConfig config)
    {
    }

    /// <summary>The hyper-parameters of <paramref name="layer"/> (no "type" key), or null when it has none.</summary>
    public abstract JsonObject? Describe(Layer layer);

    /// <summary>The local names and shapes of the tensors a layer with these hyper-parameters saves: its parameters in
    /// the order of <see cref="Layer.OwnParameters"/>, then its buffers in the order of <see cref="Layer.OwnBuffers"/>
    /// (BatchNorm's running statistics); empty for a layer without either.</summary>
    /// <exception cref="InvalidDataException">A hyper-parameter is missing or out of range.</exception>
    public abstract IReadOnlyList<(string Name, int[] Shape)> ParameterShapes(LayerConfig config);

    /// <summary>How the parameter <paramref name="name"/> (a local name from <see cref="ParameterShapes"/>) is stored in a
    /// model file: <see cref="TensorLayout.AsIs"/> unless the layer computes with another layout than PyTorch's
    /// <c>state_dict</c> holds (e.g. <see cref="TensorLayout.Transposed"/> for Linear's weight).</summary>
    public virtual TensorLayout Layout(string name) => TensorLayout.AsIs;

    /// <summary>The (input, output) feature counts fixed by the hyper-parameters, or null if the layer keeps its
    /// input's width; used to check that the modules of a <see cref="Sequential"/> chain.</summary>
    public virtual (int In, int Out)? Features(LayerConfig config) => null;

    /// <summary>Rebuilds the layer.</summary>
    /// <param name="config">Its hyper-parameters.</param>
    /// <param name="parameters">Its parameter tensors by local name, already checked against <see cref="ParameterShapes"/>;
    /// new float64 tensors the layer may keep, whatever the file's element type: the loader converts the built layer
    /// with <see cref="Layer.To(DType)"/> afterwards (so a layer with buffers needs <c>ConvertBuffers</c>).</param>
    public abstract Layer Create(LayerConfig config, IReadOnlyDictionary<string, Tensor> parameters);
}

/// <summary>A <see cref="LayerFormat"/> made of delegates, typed by the layer it describes: the usual way to write one.</summary>
/// <typeparam name="TLayer">The exact layer type.</typeparam>
/// <example>
/// <code>
/// public static LayerFormat&lt;Scale&gt; Format { get; } = new("Scale",
///     describe: s =&gt; new JsonObject { ["features"] = s.Features },
///     create: (config, p) =&gt; new Scale(p["weight"]),
///     parameterShapes: config =&gt; [("weight", [config.GetInt32("features")])]);
/// LayerRegistry.Register(Scale.Format);
/// </code>
/// </example>
public sealed class LayerFormat<TLayer> : LayerFormat
    where TLayer : Layer
{
    private readonly Func<TLayer, JsonObject?> _describe;
    private readonly Func<LayerConfig, IReadOnlyDictionary<string, Tensor>, TLayer> _create;
    private readonly Func<LayerConfig, IReadOnlyList<(string Name, int[] Shape)>>? _parameterShapes;
    private readonly Func<LayerConfig, (int In, int Out)>? _features;
    private readonly Action<LayerConfig>? _check;
    private readonly IReadOnlyDictionary<string, TensorLayout>? _layouts;

    /// <summary>Describes <typeparamref name="TLayer"/>.</summary>
    /// <param name="typeName">The "type" written to files.</param>
    /// <param name="describe">The layer's hyper-parameters, or null for none.</param>
    /// <param name="create">Rebuilds the layer from its hyper-parameters and parameter tensors.</param>
    /// <param name="parameterShapes">The named parameter shapes the hyper-parameters imply; null for a layer without parameters.</param>
    /// <param name="features">The (input, output) widths the hyper-parameters fix; null if the layer keeps its input's width.</param>
    /// <param name="check">Checks hyper-parameters that neither <paramref name="parameterShapes"/> nor
    /// <paramref name="features"/> reads, before any tensor is loaded.</param>
    /// <param name="layouts">The stored layout of each parameter that is not stored as is, by local name, e.g.
    /// <c>{ ["weight"] = TensorLayout.Transposed }</c>; null when every parameter is stored as is.</param>
    public LayerFormat(string typeName, Func<TLayer, JsonObject?> describe,
        Func<LayerConfig, IReadOnlyDictionary<string, Tensor>, TLayer> create,
        Func<LayerConfig, IReadOnlyList<(string Name, int[] Shape)>>? parameterShapes = null,
        Func<LayerConfig, (int In, int Out)>? features = null,
        Action<LayerConfig>? check = null,
        IReadOnlyDictionary<string, TensorLayout>? layouts = null)
        : base(typeName, typeof(TLayer))
    {
        ArgumentNullException.ThrowIfNull(describe);
        ArgumentNullException.ThrowIfNull(create);
        _describe = describe;
        _create = create;
        _parameterShapes = parameterShapes;
        _features = features;
        _check = check;
        _layouts = layouts;
    }

    /// <inheritdoc />
    public override void Check(LayerConfig config) => _check?.Invoke(config);

    /// <inheritdoc />
    public override JsonObject? Describe(Layer layer) => _describe((TLayer)layer);

    /// <inheritdoc />
    public override IReadOnlyList<(string Name, int[] Shape)> ParameterShapes(LayerConfig config) =>
        _parameterShapes is null ? [] : _parameterShapes(config);

    /// <inheritdoc />
    public override TensorLayout Layout(string name) =>
        _layouts is not null && _layouts.TryGetValue(name, out TensorLayout? layout) ? layout : TensorLayout.AsIs;

    /// <inheritdoc />
    public override (int In, int Out)? Features(LayerConfig config) => _features?.Invoke(config);

    /// <inheritdoc />
    public override Layer Create(LayerConfig config, IReadOnlyDictionary<string, Tensor> parameters) => _create(config, parameters);
}
