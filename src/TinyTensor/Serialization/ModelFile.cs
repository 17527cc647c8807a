using System.Buffers.Binary;
using System.Runtime.InteropServices;
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
/// <c>{"__metadata__": {"format": "tinytensor", "version": "1", "architecture": "[…]"}, "0.weight": {"dtype": "F64",
/// "shape": [in, out], "data_offsets": [begin, end]}, "0.bias": {…}, …}</c>: the tensors are named by
/// <see cref="Layer.NamedParameters"/> (PyTorch's <c>state_dict</c> names: a Linear layer at module index i stores W
/// (in, out) as "i.weight" and b (out,) as "i.bias"). The architecture is JSON stored as a string (safetensors metadata
/// values are strings): a Sequential is the array of its modules, any other layer the object its
/// <see cref="LayerFormat"/> describes, e.g.
/// <c>[{"type":"Linear","in":64,"out":128},{"type":"ReLU"},{"type":"LeakyReLU","negative_slope":0.01}]</c>.
/// <c>__metadata__</c> comes first, where the reference Rust writer puts it.</para>
/// <para>Versions: "1" is a flat Sequential (every file of earlier TinyTensor builds); "2" adds nested Sequentials
/// (arrays inside the array) and a single module object as the root. The writer uses "1" whenever the model fits it,
/// so those files stay readable by earlier builds; the reader accepts both.</para>
/// <para>The bytes depend only on the model: the same model gives the same file.</para>
/// <para>Loading checks everything the Rust crate checks (header at most 100 MB and inside the file, UTF-8 JSON
/// object, F64 dtype, byte counts with overflow checks, offsets that tile the data section with no gap, overlap or
/// trailing byte) plus the architecture against the tensors, within <see cref="ModelFileLimits"/> (number of modules and
/// tensors, metadata size), checked before anything the header claims is allocated; every failure is an <see cref="InvalidDataException"/>
/// stating the reason (and the path, for files).</para>
/// <para>Parameter values are loaded as stored, NaN and ±∞ included (as safetensors and PyTorch do): the format
/// cannot tell a corrupted value from a deliberate one. A bit flip inside the data section therefore loads (with a
/// changed value); every corruption of the length, header or layout is an <see cref="InvalidDataException"/>, as the
/// fuzz tests check (docs/reliability.md).</para>
/// </remarks>
public static class ModelFile
{
    /// <summary>The largest header accepted, as the Rust crate's MAX_HEADER_SIZE: a guard against absurd allocations.</summary>
    public const int MaxHeaderLength = 100_000_000;

    internal const string FormatKey = "format";
    internal const string FormatValue = "tinytensor";
    internal const string VersionKey = "version";
    internal const string ArchitectureKey = "architecture";

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

    /// <summary>Loads the network saved at <paramref name="path"/>.</summary>
    /// <param name="path">The model file.</param>
    /// <param name="limits">What the header may ask for; <see cref="ModelFileLimits.Default"/> when null.</param>
    /// <returns>A new <see cref="Sequential"/> with the saved architecture and parameters.</returns>
    /// <exception cref="InvalidDataException">The file is not a valid TinyTensor safetensors model, exceeds
    /// <paramref name="limits"/>, or holds a single layer rather than a Sequential (use <see cref="LoadLayer(string, ModelFileLimits?)"/>);
    /// the message names the path and the reason.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static Sequential Load(string path, ModelFileLimits? limits = null) => RequireSequential(LoadLayer(path, limits), path + ": ");

    /// <summary>Loads the network in <paramref name="stream"/> (see <see cref="Load(string, ModelFileLimits?)"/>), which must
    /// hold exactly one model file from its current position to its end.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a valid TinyTensor safetensors model of a Sequential.</exception>
    public static Sequential Load(Stream stream, ModelFileLimits? limits = null) => RequireSequential(LoadLayer(stream, limits), "");

    /// <summary>Loads the model saved at <paramref name="path"/>, whatever its root: a Sequential or a single layer.</summary>
    /// <param name="path">The model file.</param>
    /// <param name="limits">What the header may ask for; <see cref="ModelFileLimits.Default"/> when null.</param>
    /// <exception cref="InvalidDataException">The file is not a valid TinyTensor safetensors model or exceeds
    /// <paramref name="limits"/>; the message names the path and the reason.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static Layer LoadLayer(string path, ModelFileLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        try
        {
            return LoadLayer(stream, limits);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"{path}: {ex.Message}", ex);
        }
    }

    /// <summary>Loads the model in <paramref name="stream"/>, whatever its root, which must hold exactly one model
    /// file from its current position to its end.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a valid TinyTensor safetensors model.</exception>
    public static Layer LoadLayer(Stream stream, ModelFileLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        limits ??= ModelFileLimits.Default;
        limits.Check();
        if (!stream.CanSeek)
        {
            // The checks need the file length up front; copy a pipe or network stream to memory first.
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            return LoadLayer(copy, limits);
        }

        long fileLength = stream.Length - stream.Position;
        Span<byte> prefix = stackalloc byte[sizeof(ulong)];
        int prefixRead = stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
        if (prefixRead < prefix.Length)
        {
            throw new InvalidDataException(
                $"the file is {fileLength} bytes, too short for the 8-byte header length that starts a safetensors file.");
        }

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderLength)
        {
            throw new InvalidDataException($"the header length {headerLength} exceeds the {MaxHeaderLength}-byte limit.");
        }

        if ((long)headerLength > fileLength - sizeof(ulong))
        {
            throw new InvalidDataException(
                $"the header length {headerLength} goes beyond the end of the file ({fileLength} bytes, {fileLength - sizeof(ulong)} after the length).");
        }

        byte[] header = new byte[(int)headerLength];
        ReadExactly(stream, header);
        long dataLength = fileLength - sizeof(ulong) - (long)headerLength;
        SafeTensorsHeader parsed = SafeTensorsHeader.Parse(header, dataLength, limits);
        using JsonDocument document = ReadArchitecture(parsed.Metadata, out int version);
        ModuleSpec architecture = ModuleSpec.Read(document.RootElement, version, limits.MaxModules);
        CheckTensors(architecture, parsed.Tensors);

        // The offsets tile the data section in the order of parsed.Tensors, so one sequential read fills them all.
        var values = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (TensorEntry entry in parsed.Tensors)
        {
            var tensor = new Tensor(Array.ConvertAll(entry.Shape, d => (int)d));
            ReadLittleEndian(stream, tensor.AsSpan());
            values.Add(entry.Name, tensor);
        }

        return Build(architecture, values);
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
                $"the header's __metadata__ has no \"{FormatKey}\": \"{FormatValue}\"; this is not a TinyTensor model file.");
        }

        if (!metadata.TryGetValue(VersionKey, out string? versionText) || versionText is not ("1" or "2"))
        {
            throw new InvalidDataException(
                $"the header's __metadata__ has version {(versionText is null ? "(none)" : $"\"{versionText}\"")}; this build reads model files of version 1 and 2.");
        }

        version = versionText == "1" ? 1 : 2;
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

    /// <summary>Checks that the tensors are exactly those the architecture describes, with its shapes.</summary>
    private static void CheckTensors(ModuleSpec architecture, IReadOnlyList<TensorEntry> tensors)
    {
        var byName = new Dictionary<string, TensorEntry>(tensors.Count, StringComparer.Ordinal);
        foreach (TensorEntry entry in tensors)
        {
            byName.Add(entry.Name, entry);
        }

        var used = new HashSet<string>(StringComparer.Ordinal);
        Visit(architecture);
        foreach (TensorEntry entry in tensors)
        {
            if (!used.Contains(entry.Name))
            {
                throw new InvalidDataException($"tensor \"{entry.Name}\" belongs to no module of the architecture.");
            }
        }

        void Visit(ModuleSpec spec)
        {
            foreach (ModuleSpec child in spec.Children ?? [])
            {
                Visit(child);
            }

            foreach ((string local, int[] shape) in spec.Shapes)
            {
                string name = spec.TensorName(local);
                if (!byName.TryGetValue(name, out TensorEntry? entry))
                {
                    throw new InvalidDataException($"{spec.Where} is {spec}, but the file has no tensor \"{name}\".");
                }

                if (entry.Shape.Length != shape.Length || !entry.Shape.Select((d, k) => d == shape[k]).All(same => same))
                {
                    throw new InvalidDataException(
                        $"tensor \"{name}\" has shape {entry.ShapeText}, but {spec.Where} is {spec}, which needs [{string.Join(", ", shape)}].");
                }

                used.Add(name);
            }
        }
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

    private static void ReadLittleEndian(Stream stream, Span<double> destination)
    {
        ReadExactly(stream, MemoryMarshal.AsBytes(destination));
        if (!BitConverter.IsLittleEndian)
        {
            Span<long> bits = MemoryMarshal.Cast<double, long>(destination);
            BinaryPrimitives.ReverseEndianness(bits, bits);
        }
    }

    /// <summary>A stream shorter than its Length claimed is a truncated file, not an I/O failure.</summary>
    private static void ReadExactly(Stream stream, Span<byte> buffer)
    {
        try
        {
            stream.ReadExactly(buffer);
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("the file ends before the bytes its header announces.", ex);
        }
    }
}
