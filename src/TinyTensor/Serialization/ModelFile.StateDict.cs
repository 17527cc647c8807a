using System.Text.Json;
using TinyTensor.Layers;

namespace TinyTensor.Serialization;

public static partial class ModelFile
{
    /// <summary>
    /// Loads the tensors of the safetensors file at <paramref name="path"/> into the parameters of
    /// <paramref name="model"/>, as PyTorch's <c>model.load_state_dict(…)</c>: for a file written by PyTorch
    /// (<c>safetensors.torch.save_file(model.state_dict(), path)</c>, no TinyTensor metadata) or by TinyTensor. The
    /// model takes the file's element type: a float32 state_dict (PyTorch's default) makes it a float32 model.
    /// </summary>
    /// <param name="model">The network to fill, built with the file's architecture (e.g.
    /// <c>new Sequential(new Linear(64, 32, rng), new ReLU(), new Linear(32, 10, rng))</c> for
    /// <c>nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 10))</c>). Every layer with parameters must be of a
    /// registered type (its <see cref="LayerFormat"/> says how each tensor is stored).</param>
    /// <param name="path">The file.</param>
    /// <param name="limits">What the header may ask for; <see cref="ModelFileLimits.Default"/> when null.</param>
    /// <remarks>
    /// <para>The tensors must be exactly <see cref="Layer.NamedParameters"/> and <see cref="Layer.NamedBuffers"/> (<c>0.weight</c>, <c>0.bias</c>, <c>1.running_mean</c>, …) with
    /// PyTorch's shapes (a Linear weight (out, in)), all F32 or all F64; a BatchNorm's <c>num_batches_tracked</c> may
    /// also be PyTorch's 0-d I64 counter, converted to the model's type. A file without TinyTensor metadata, or of
    /// version 3, is in PyTorch's layout; versions 1 and 2 hold tensors as TinyTensor keeps them in memory and are read
    /// so. The architecture a TinyTensor file carries is not consulted: the names and shapes are checked against
    /// <paramref name="model"/>.</para>
    /// <para>The model is converted (<see cref="Layer.To(DType)"/>) to the file's type when it has another, so its
    /// parameter and buffer tensors are then new ones; the values are the file's bits. To keep another type, use
    /// <see cref="LoadStateDict(Layer, string, DType, ModelFileLimits?)"/>.</para>
    /// <para>All or nothing: every tensor is read and checked before any parameter changes.</para>
    /// </remarks>
    /// <exception cref="InvalidDataException">The file is not valid safetensors, has a dtype other than F64/F32, mixes
    /// them, or its tensors do not match the model: the message lists every missing tensor, every unexpected one and
    /// every shape mismatch (the file's shape and the model's), prefixed with the path.</exception>
    /// <exception cref="ArgumentException">A layer of <paramref name="model"/> with parameters is not registered.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static void LoadStateDict(Layer model, string path, ModelFileLimits? limits = null) => LoadStateDictAs(model, path, null, limits);

    /// <summary>Loads the tensors of the safetensors file at <paramref name="path"/> into <paramref name="model"/>
    /// converted to <paramref name="dtype"/> (the model too, if it has another type): a float32 PyTorch state_dict into a
    /// float64 model, widened exactly; a file whose tensors mix F32 and F64 loads this way. Otherwise as
    /// <see cref="LoadStateDict(Layer, string, ModelFileLimits?)"/>.</summary>
    /// <inheritdoc cref="LoadStateDict(Layer, string, ModelFileLimits?)"/>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dtype"/> is not a defined type.</exception>
    public static void LoadStateDict(Layer model, string path, DType dtype, ModelFileLimits? limits = null) =>
        LoadStateDictAs(model, path, Checked(dtype), limits);

    /// <summary>Loads the tensors in <paramref name="stream"/> (one safetensors file from its position to its end)
    /// into <paramref name="model"/>'s parameters, in the file's type; see <see cref="LoadStateDict(Layer, string, ModelFileLimits?)"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not valid safetensors or do not match the model.</exception>
    /// <exception cref="ArgumentException">A layer of <paramref name="model"/> with parameters is not registered.</exception>
    public static void LoadStateDict(Layer model, Stream stream, ModelFileLimits? limits = null) => LoadStateDictAs(model, stream, null, limits);

    /// <summary>Loads the tensors in <paramref name="stream"/> into <paramref name="model"/> converted to
    /// <paramref name="dtype"/>; see <see cref="LoadStateDict(Layer, string, DType, ModelFileLimits?)"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not valid safetensors or do not match the model.</exception>
    /// <exception cref="ArgumentException">A layer of <paramref name="model"/> with parameters is not registered.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dtype"/> is not a defined type.</exception>
    public static void LoadStateDict(Layer model, Stream stream, DType dtype, ModelFileLimits? limits = null) =>
        LoadStateDictAs(model, stream, Checked(dtype), limits);

    private static void LoadStateDictAs(Layer model, string path, DType? dtype, ModelFileLimits? limits)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        try
        {
            LoadStateDictAs(model, stream, dtype, limits);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"{path}: {ex.Message}", ex);
        }
    }

    private static void LoadStateDictAs(Layer model, Stream stream, DType? dtype, ModelFileLimits? limits)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stream);
        limits ??= ModelFileLimits.Default;
        limits.Check();
        List<StateDict.Entry> entries = StateDict.Of(model);
        using Stream? copy = stream.CanSeek ? null : SafeTensorsReader.Seekable(stream);
        stream = copy ?? stream;

        SafeTensorsHeader parsed = SafeTensorsReader.ReadHeader(stream, limits);
        int version = parsed.Metadata.TryGetValue(FormatKey, out string? format) && format == FormatValue
            ? ReadVersion(parsed.Metadata)
            : CurrentVersion; // no TinyTensor metadata: PyTorch's state_dict layout, which version 3 uses too
        Dictionary<string, StateDict.Entry> byName = MatchStateDict(entries, parsed.Tensors, version);
        DType target = TargetType(parsed, dtype);

        // Read everything first (as float64: exact for F32 and the counter), so a file that ends early leaves the model untouched.
        var values = new Tensor[parsed.Tensors.Count];
        double[] stored = [];
        for (int i = 0; i < values.Length; i++)
        {
            TensorEntry entry = parsed.Tensors[i];
            StateDict.Entry destination = byName[entry.Name];
            values[i] = ReadTensor(stream, entry, destination.Value.Shape, LayoutIn(version, destination.Layout), ref stored);
        }

        if (entries.Any(e => e.Value.DType != target))
        {
            // Conversion replaces the tensors, so the entries are listed again.
            model.To(target);
            byName = StateDict.Of(model).ToDictionary(e => e.Name, StringComparer.Ordinal);
        }

        for (int i = 0; i < values.Length; i++)
        {
            byName[parsed.Tensors[i].Name].Value.CopyFrom(values[i].To(target));
        }
    }

    /// <summary>Builds the network an architecture string describes (the JSON a model file keeps in its metadata,
    /// e.g. <c>[{"type":"Linear","in":64,"out":32},{"type":"ReLU"},{"type":"Linear","in":32,"out":10}]</c>), with every
    /// parameter zero: a model to fill with <see cref="LoadStateDict(Layer, string, ModelFileLimits?)"/>.</summary>
    /// <param name="architecture">A JSON array of modules (nested arrays for nested Sequentials) or a single module object.</param>
    /// <param name="limits">The most modules accepted (<see cref="ModelFileLimits.MaxModules"/>); the default when null.</param>
    /// <exception cref="ArgumentException">The JSON is invalid, a type is not registered, a hyper-parameter is invalid,
    /// or the widths do not chain; the message names the module.</exception>
    public static Layer CreateArchitecture(string architecture, ModelFileLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(architecture);
        limits ??= ModelFileLimits.Default;
        limits.Check();
        try
        {
            using JsonDocument document = JsonDocument.Parse(architecture);
            ModuleSpec spec = ModuleSpec.Read(document.RootElement, CurrentVersion, limits.MaxModules);
            return Build(spec, ZeroTensors(spec, new Dictionary<string, Tensor>(StringComparer.Ordinal)));
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException)
        {
            throw new ArgumentException($"ModelFile.CreateArchitecture: {ex.Message}", nameof(architecture), ex);
        }
    }

    private static Dictionary<string, Tensor> ZeroTensors(ModuleSpec spec, Dictionary<string, Tensor> values)
    {
        foreach (ModuleSpec child in spec.Children ?? [])
        {
            ZeroTensors(child, values);
        }

        foreach ((string local, int[] shape) in spec.Shapes)
        {
            values.Add(spec.TensorName(local), new Tensor(shape));
        }

        return values;
    }

    /// <summary>Every tensor of the file against the model's parameters; all mismatches in one message.</summary>
    private static Dictionary<string, StateDict.Entry> MatchStateDict(List<StateDict.Entry> entries, IReadOnlyList<TensorEntry> tensors, int version)
    {
        var byName = new Dictionary<string, StateDict.Entry>(entries.Count, StringComparer.Ordinal);
        foreach (StateDict.Entry entry in entries)
        {
            byName.Add(entry.Name, entry);
        }

        var inFile = new HashSet<string>(StringComparer.Ordinal);
        var unexpected = new List<string>();
        var wrongShape = new List<string>();
        foreach (TensorEntry tensor in tensors)
        {
            inFile.Add(tensor.Name);
            if (!byName.TryGetValue(tensor.Name, out StateDict.Entry target))
            {
                unexpected.Add($"{tensor.Name} {tensor.ShapeText}");
                continue;
            }

            int[] expected = LayoutIn(version, target.Layout).StoredShape(target.Value.Shape);
            if (!ShapeFits(tensor, expected))
            {
                wrongShape.Add($"{tensor.Name} is {tensor.ShapeText} in the file, but the model's {target.Owner}'s {target.LocalName} needs {ShapeText(expected)}");
            }
        }

        List<string> missing = [.. entries.Where(e => !inFile.Contains(e.Name))
            .Select(e => $"{e.Name} {ShapeText(LayoutIn(version, e.Layout).StoredShape(e.Value.Shape))}")];
        if (missing.Count + unexpected.Count + wrongShape.Count > 0)
        {
            var problems = new List<string>();
            if (missing.Count > 0)
            {
                problems.Add($"missing from the file: {string.Join(", ", missing)}");
            }

            if (unexpected.Count > 0)
            {
                problems.Add($"not in the model: {string.Join(", ", unexpected)}");
            }

            if (wrongShape.Count > 0)
            {
                problems.Add($"wrong shape: {string.Join("; ", wrongShape)}");
            }

            throw new InvalidDataException(
                $"the file's tensors do not match the model ({string.Join(", ", entries.Select(e => e.Name))}): {string.Join(". ", problems)}.");
        }

        return byName;
    }
}
