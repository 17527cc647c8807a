using System.Text.Json;
using TinyTensor.Layers;

namespace TinyTensor.Serialization;

/// <summary>
/// Saves and loads a whole model (architecture and parameters): any <see cref="Layer"/> built from registered layer
/// types and <see cref="Sequential"/> containers (a network, a nested one, a single layer), as a
/// <a href="https://github.com/huggingface/safetensors">safetensors</a> file, which Python reads with the
/// <c>safetensors</c> package or with <c>json</c> + <c>numpy.frombuffer</c>.
/// </summary>
/// <remarks>
/// <para>Layout: an 8-byte little-endian unsigned header length N; N bytes of UTF-8 JSON, padded with spaces to a
/// multiple of 8; then the tensors' bytes, little-endian, contiguous, in header order. The header is
/// <c>{"__metadata__": {"format": "tinytensor", "version": "3", "architecture": "[…]", "dtype": "float64"}, "0.weight": {"dtype": "F64",
/// "shape": [out, in], "data_offsets": [begin, end]}, "0.bias": {…}, …}</c>: the tensors are PyTorch's
/// <c>nn.Sequential</c> <c>state_dict</c>, named by <see cref="Layer.NamedParameters"/> and shaped as PyTorch shapes
/// them (each <see cref="LayerFormat"/> gives its parameters' <see cref="TensorLayout"/>: a Linear layer at module
/// index i stores W, (in, out) in memory, transposed as "i.weight" (out, in), and b (out,) as "i.bias"), so
/// <c>torch_model.load_state_dict(…)</c> takes them as read. The architecture is JSON stored as a string (safetensors
/// metadata values are strings): a Sequential is the array of its modules, any other layer the object its
/// <see cref="LayerFormat"/> describes, e.g.
/// <c>[{"type":"Linear","in":64,"out":128},{"type":"ReLU"},{"type":"LeakyReLU","negative_slope":0.01}]</c>.
/// <c>__metadata__</c> comes first, where the reference Rust writer puts it.</para>
/// <para>Element types: each tensor is written as the model holds it, F64 for float64 and F32 for float32 (a model
/// holds one type, <see cref="Layer.DType"/>, which the metadata's "dtype" records; saving a model that mixes types
/// is an <see cref="ArgumentException"/>). A file loads in the type it holds, or converted to the type a
/// <see cref="DType"/> overload asks for (<see cref="Load(string, DType, ModelFileLimits?)"/>); a file whose tensors
/// mix F32 and F64 loads only that way. PyTorch's BatchNorm counter, an I64 <c>num_batches_tracked</c>, is read and
/// converted to the model's type.</para>
/// <para>Versions: "1" is a flat Sequential; "2" adds nested Sequentials (arrays inside the array) and a single module
/// object as the root; both store every tensor as held in memory (a Linear weight (in, out)). "3", what the writer
/// writes, has version 2's architectures and PyTorch's state_dict layout. The reader accepts all three. A file
/// without TinyTensor metadata (a state_dict saved by PyTorch) loads into a given network with
/// <see cref="LoadStateDict(Layer, string, ModelFileLimits?)"/>.</para>
/// <para>The bytes depend only on the model: the same model gives the same file.</para>
/// <para>Loading checks everything the Rust crate checks (header at most 100 MB and inside the file, UTF-8 JSON
/// object, F64 or F32 dtype (I64 only for <c>num_batches_tracked</c>), byte counts with overflow checks, offsets that tile the
/// data section with no gap, overlap or trailing byte) plus the architecture against the tensors, within <see cref="ModelFileLimits"/> (number of modules and
/// tensors, metadata size), checked before anything the header claims is allocated; every failure is an <see cref="InvalidDataException"/>
/// stating the reason (and the path, for files).</para>
/// <para>Parameter values are loaded as stored, NaN and ±∞ included (as safetensors and PyTorch do): the format
/// cannot tell a corrupted value from a deliberate one. A bit flip inside the data section therefore loads (with a
/// changed value); every corruption of the length, header or layout is an <see cref="InvalidDataException"/>, as the
/// fuzz tests check (docs/reliability.md).</para>
/// </remarks>
public static partial class ModelFile
{
    /// <summary>The largest header accepted, as the Rust crate's MAX_HEADER_SIZE: a guard against absurd allocations.</summary>
    public const int MaxHeaderLength = 100_000_000;

    internal const string FormatKey = "format";
    internal const string FormatValue = "tinytensor";
    internal const string VersionKey = "version";
    internal const string ArchitectureKey = "architecture";

    /// <summary>The version the writer puts in every file: 3, tensors in PyTorch's state_dict layout.</summary>
    internal const int CurrentVersion = 3;

    /// <summary>Saves <paramref name="model"/> to <paramref name="path"/> atomically: the bytes go to a temporary file in
    /// the same folder, which is flushed to disk and then renamed over the target. A failure deletes the temporary file
    /// and leaves an existing target untouched.</summary>
    /// <param name="model">The network or layer; every layer in it must be a <see cref="Sequential"/> or of a type
    /// registered in <see cref="LayerRegistry"/> (the library's layers are).</param>
    /// <param name="path">The file to create or replace: a new path or a regular file (a symbolic link is followed).
    /// Devices, FIFOs, sockets and directories are refused rather than replaced (see <see cref="IO.OutputFile"/>).</param>
    /// <exception cref="ArgumentException">A module has a type the format cannot hold, or parameters other than its
    /// description implies (nothing is written).</exception>
    /// <exception cref="IOException">The file cannot be written, or <paramref name="path"/> is not a regular file or a
    /// new path; the message names <paramref name="path"/>.</exception>
    public static void Save(Layer model, string path) => Save(model, path, wrapStream: null);

    /// <summary>Writes <paramref name="model"/> to <paramref name="stream"/> in the safetensors format.</summary>
    /// <exception cref="ArgumentException">A module has a type the format cannot hold, or parameters other than its
    /// description implies (nothing is written).</exception>
    public static void Save(Layer model, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stream);
        ModelImage.Of(model).WriteTo(stream);
    }

    /// <summary>Loads the network saved at <paramref name="path"/>, in the element type its file holds (a file of F32
    /// tensors gives a float32 network, one of F64 tensors a float64 one).</summary>
    /// <param name="path">The model file.</param>
    /// <param name="limits">What the header may ask for; <see cref="ModelFileLimits.Default"/> when null.</param>
    /// <returns>A new <see cref="Sequential"/> with the saved architecture and parameters.</returns>
    /// <exception cref="InvalidDataException">The file is not a valid TinyTensor safetensors model, exceeds
    /// <paramref name="limits"/>, mixes element types, or holds a single layer rather than a Sequential (use
    /// <see cref="LoadLayer(string, ModelFileLimits?)"/>); the message names the path and the reason.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static Sequential Load(string path, ModelFileLimits? limits = null) => RequireSequential(LoadAs(path, null, limits), path + ": ");

    /// <summary>Loads the network saved at <paramref name="path"/> converted to <paramref name="dtype"/> (float64 values
    /// rounded to nearest for float32; float32 values widened exactly for float64), as PyTorch's
    /// <c>model.to(dtype)</c> after loading. A file whose tensors mix F32 and F64 loads this way.</summary>
    /// <inheritdoc cref="Load(string, ModelFileLimits?)"/>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dtype"/> is not a defined type.</exception>
    public static Sequential Load(string path, DType dtype, ModelFileLimits? limits = null) =>
        RequireSequential(LoadAs(path, Checked(dtype), limits), path + ": ");

    /// <summary>Loads the network in <paramref name="stream"/> (see <see cref="Load(string, ModelFileLimits?)"/>), which must
    /// hold exactly one model file from its current position to its end.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a valid TinyTensor safetensors model of a Sequential.</exception>
    public static Sequential Load(Stream stream, ModelFileLimits? limits = null) => RequireSequential(LoadAs(stream, null, limits), "");

    /// <summary>Loads the network in <paramref name="stream"/> converted to <paramref name="dtype"/>; see
    /// <see cref="Load(string, DType, ModelFileLimits?)"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a valid TinyTensor safetensors model of a Sequential.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dtype"/> is not a defined type.</exception>
    public static Sequential Load(Stream stream, DType dtype, ModelFileLimits? limits = null) =>
        RequireSequential(LoadAs(stream, Checked(dtype), limits), "");

    /// <summary>Loads the model saved at <paramref name="path"/>, whatever its root (a Sequential or a single layer), in
    /// the element type its file holds.</summary>
    /// <param name="path">The model file.</param>
    /// <param name="limits">What the header may ask for; <see cref="ModelFileLimits.Default"/> when null.</param>
    /// <exception cref="InvalidDataException">The file is not a valid TinyTensor safetensors model, mixes element types
    /// or exceeds <paramref name="limits"/>; the message names the path and the reason.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static Layer LoadLayer(string path, ModelFileLimits? limits = null) => LoadAs(path, null, limits);

    /// <summary>Loads the model saved at <paramref name="path"/>, whatever its root, converted to <paramref name="dtype"/>;
    /// see <see cref="Load(string, DType, ModelFileLimits?)"/>.</summary>
    /// <inheritdoc cref="LoadLayer(string, ModelFileLimits?)"/>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dtype"/> is not a defined type.</exception>
    public static Layer LoadLayer(string path, DType dtype, ModelFileLimits? limits = null) => LoadAs(path, Checked(dtype), limits);

    /// <summary>Loads the model in <paramref name="stream"/>, whatever its root, in the element type its file holds;
    /// the stream must hold exactly one model file from its current position to its end.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a valid TinyTensor safetensors model.</exception>
    public static Layer LoadLayer(Stream stream, ModelFileLimits? limits = null) => LoadAs(stream, null, limits);

    /// <summary>Loads the model in <paramref name="stream"/>, whatever its root, converted to <paramref name="dtype"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a valid TinyTensor safetensors model.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dtype"/> is not a defined type.</exception>
    public static Layer LoadLayer(Stream stream, DType dtype, ModelFileLimits? limits = null) => LoadAs(stream, Checked(dtype), limits);

    private static DType Checked(DType dtype)
    {
        DTypes.Require(dtype, nameof(dtype));
        return dtype;
    }

    private static Layer LoadAs(string path, DType? dtype, ModelFileLimits? limits)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        try
        {
            return LoadAs(stream, dtype, limits);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"{path}: {ex.Message}", ex);
        }
    }

    /// <summary>The loader: header, architecture, tensors checked against it, then the layers built in float64 (every
    /// <see cref="LayerFormat"/> receives float64 tensors; F32 values widen exactly) and converted to the target type
    /// with <see cref="Layer.To(DType)"/> (float32 → float64 → float32 gives back every value's bits).</summary>
    private static Layer LoadAs(Stream stream, DType? dtype, ModelFileLimits? limits)
    {
        ArgumentNullException.ThrowIfNull(stream);
        limits ??= ModelFileLimits.Default;
        limits.Check();
        using Stream? copy = stream.CanSeek ? null : SafeTensorsReader.Seekable(stream);
        stream = copy ?? stream;

        SafeTensorsHeader parsed = SafeTensorsReader.ReadHeader(stream, limits);
        using JsonDocument document = ReadArchitecture(parsed.Metadata, out int version);
        ModuleSpec architecture = ModuleSpec.Read(document.RootElement, version, limits.MaxModules);
        Dictionary<string, (int[] Shape, TensorLayout Layout)> described = CheckTensors(architecture, parsed.Tensors, version);
        DType target = TargetType(parsed, dtype);

        // The offsets tile the data section in the order of parsed.Tensors, so one sequential read fills them all.
        var values = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        double[] stored = [];
        foreach (TensorEntry entry in parsed.Tensors)
        {
            (int[] shape, TensorLayout layout) = described[entry.Name];
            values.Add(entry.Name, ReadTensor(stream, entry, shape, layout, ref stored));
        }

        Layer model = Build(architecture, values);
        return target == DType.Float64 ? model : model.To(target);
    }

    /// <summary>The atomic save, with a seam for tests: <paramref name="wrapStream"/> may wrap the temporary file's
    /// stream (e.g. in one that fails midway) to prove that a failed save leaves the target untouched.</summary>
    internal static void Save(Layer model, string path, Func<Stream, Stream>? wrapStream)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);

        // Everything that can fail on the model fails here, before any file is touched.
        ModelImage image = ModelImage.Of(model);
        try
        {
            IO.OutputFile.Write(path, file =>
            {
                Stream stream = wrapStream is null ? file : wrapStream(file);
                image.WriteTo(stream);
                stream.Flush();
            });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot save the model to {path}: {ex.Message}", ex);
        }
    }

    private static Sequential RequireSequential(Layer model, string where) =>
        model as Sequential ?? throw new InvalidDataException(
            $"{where}the model file holds a single {model}, not a Sequential; load it with ModelFile.LoadLayer.");

    private static JsonDocument ReadArchitecture(IReadOnlyDictionary<string, string> metadata, out int version)
    {
        if (!metadata.TryGetValue(FormatKey, out string? format) || format != FormatValue)
        {
            throw new InvalidDataException(
                $"the header's __metadata__ has no \"{FormatKey}\": \"{FormatValue}\", so the file does not say which network its tensors belong to " +
                "(a state_dict saved by PyTorch has none): build the network and load the tensors into it with ModelFile.LoadStateDict(model, path).");
        }

        version = ReadVersion(metadata);
        if (!metadata.TryGetValue(ArchitectureKey, out string? architecture))
        {
            throw new InvalidDataException($"the header's __metadata__ has no \"{ArchitectureKey}\".");
        }

        try
        {
            return JsonDocument.Parse(architecture);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"the architecture is not valid JSON: {ex.Message}", ex);
        }
    }

    /// <summary>The "version" of a TinyTensor file's metadata: 1, 2 or 3.</summary>
    private static int ReadVersion(IReadOnlyDictionary<string, string> metadata)
    {
        metadata.TryGetValue(VersionKey, out string? text);
        return text switch
        {
            "1" => 1,
            "2" => 2,
            "3" => 3,
            _ => throw new InvalidDataException(
                $"the header's __metadata__ has version {(text is null ? "(none)" : $"\"{text}\"")}; this build reads model files of version 1, 2 and 3."),
        };
    }

    /// <summary>Whether a file of this <paramref name="version"/> stores each tensor in its format's
    /// <see cref="TensorLayout"/> (version 3, PyTorch's state_dict shapes) or as held in memory (1 and 2).</summary>
    private static TensorLayout LayoutIn(int version, TensorLayout layout) => version >= 3 ? layout : TensorLayout.AsIs;

    /// <summary>Checks that the tensors are exactly those the architecture describes, with its shapes in the file's
    /// layout; returns each tensor's shape in memory and its stored layout.</summary>
    private static Dictionary<string, (int[] Shape, TensorLayout Layout)> CheckTensors(ModuleSpec architecture, IReadOnlyList<TensorEntry> tensors, int version)
    {
        var byName = new Dictionary<string, TensorEntry>(tensors.Count, StringComparer.Ordinal);
        foreach (TensorEntry entry in tensors)
        {
            byName.Add(entry.Name, entry);
        }

        var used = new Dictionary<string, (int[] Shape, TensorLayout Layout)>(StringComparer.Ordinal);
        Visit(architecture);
        foreach (TensorEntry entry in tensors)
        {
            if (!used.ContainsKey(entry.Name))
            {
                throw new InvalidDataException($"tensor \"{entry.Name}\" belongs to no module of the architecture.");
            }
        }

        return used;

        void Visit(ModuleSpec spec)
        {
            foreach (ModuleSpec child in spec.Children ?? [])
            {
                Visit(child);
            }

            foreach ((string local, int[] shape) in spec.Shapes)
            {
                string name = spec.TensorName(local);
                TensorLayout layout = LayoutIn(version, spec.Format!.Layout(local));
                int[] storedShape = layout.StoredShape(shape);
                if (!byName.TryGetValue(name, out TensorEntry? entry))
                {
                    throw new InvalidDataException($"{spec.Where} is {spec}, but the file has no tensor \"{name}\".");
                }

                if (!ShapeFits(entry, storedShape))
                {
                    throw new InvalidDataException(
                        $"tensor \"{name}\" has shape {entry.ShapeText}, but {spec.Where} is {spec}, which needs {ShapeText(storedShape)}.");
                }

                used.Add(name, (shape, layout));
            }
        }
    }

    /// <summary>A shape as a header writes it, "[3, 4]", so that messages show the file's and the expected shape alike.</summary>
    private static string ShapeText(int[] shape) => "[" + string.Join(", ", shape) + "]";

    private static bool SameShape(long[] stored, int[] expected) =>
        stored.Length == expected.Length && stored.Select((d, k) => d == expected[k]).All(same => same);

    /// <summary>Reads the next tensor into a new tensor of the memory <paramref name="shape"/>, through
    /// <paramref name="stored"/> (a scratch array, grown as needed) when the layout is not as is.</summary>
    private static Tensor ReadTensor(Stream stream, TensorEntry entry, int[] shape, TensorLayout layout, ref double[] stored)
    {
        var tensor = new Tensor(shape);
        if (ReferenceEquals(layout, TensorLayout.AsIs))
        {
            SafeTensorsReader.ReadTensor(stream, entry, tensor.AsSpan());
            return tensor;
        }

        if (stored.Length < tensor.Length)
        {
            stored = new double[tensor.Length];
        }

        Span<double> file = stored.AsSpan(0, tensor.Length);
        SafeTensorsReader.ReadTensor(stream, entry, file);
        layout.Restore(file, shape, tensor.AsSpan());
        return tensor;
    }

    /// <summary>The layers, bottom up, from checked tensors.</summary>
    private static Layer Build(ModuleSpec spec, Dictionary<string, Tensor> values)
    {
        if (spec.Children is { } children)
        {
            return new Sequential([.. children.Select(child => Build(child, values))]);
        }

        var parameters = new Dictionary<string, Tensor>(spec.Shapes.Count, StringComparer.Ordinal);
        foreach ((string local, _) in spec.Shapes)
        {
            parameters.Add(local, values[spec.TensorName(local)]);
        }

        Layer layer = spec.Format!.Create(spec.Config!, parameters);
        (string Name, Tensor Value)[] own = [.. layer.OwnState()];
        if (layer.GetType() != spec.Format.LayerType || own.Length != spec.Shapes.Count
            || own.Where((p, i) => p.Name != spec.Shapes[i].Name || !p.Value.Shape.AsSpan().SequenceEqual(spec.Shapes[i].Shape)).Any())
        {
            throw new InvalidOperationException(
                $"ModelFile.Load: the {spec.Format.TypeName} format built a {layer.GetType().Name} whose parameters are not the ones it describes; fix its LayerFormat.");
        }

        return layer;
    }
}
