using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
using TinyTensor.Layers;

namespace TinyTensor.Serialization;

/// <summary>
/// Saves and loads a whole <see cref="Sequential"/> (architecture and parameters) as a
/// <a href="https://github.com/huggingface/safetensors">safetensors</a> file, which Python reads with the
/// <c>safetensors</c> package or with <c>json</c> + <c>numpy.frombuffer</c>.
/// </summary>
/// <remarks>
/// <para>Layout: an 8-byte little-endian unsigned header length N; N bytes of UTF-8 JSON, padded with spaces to a
/// multiple of 8; then the tensors' bytes, little-endian, contiguous, in header order. The header is
/// <c>{"__metadata__": {"format": "tinytensor", "version": "1", "architecture": "[…]"}, "0.weight": {"dtype": "F64",
/// "shape": [in, out], "data_offsets": [begin, end]}, "0.bias": {…}, …}</c>: a Linear layer at module index i stores
/// W (in, out) as "i.weight" and b (out,) as "i.bias"; the architecture is a JSON array, stored as a string since
/// safetensors metadata values are strings, e.g.
/// <c>[{"type":"Linear","in":64,"out":128},{"type":"ReLU"},{"type":"LeakyReLU","negative_slope":0.01}]</c>.
/// <c>__metadata__</c> comes first, where the reference Rust writer puts it.</para>
/// <para>The bytes depend only on the model: the same model gives the same file.</para>
/// <para>Loading checks everything the Rust crate checks (header at most 100 MB and inside the file, UTF-8 JSON
/// object, F64 dtype, byte counts with overflow checks, offsets that tile the data section with no gap, overlap or
/// trailing byte) plus the architecture against the tensors; every failure is an <see cref="InvalidDataException"/>
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
    internal const string VersionValue = "1";
    internal const string ArchitectureKey = "architecture";

    /// <summary>Saves <paramref name="model"/> to <paramref name="path"/> atomically: the bytes go to a temporary file in
    /// the same folder, which is flushed to disk and then renamed over the target. A failure deletes the temporary file
    /// and leaves an existing target untouched.</summary>
    /// <param name="model">The network; every module must be Linear, ReLU, Softmax, Sigmoid, Tanh or LeakyReLU.</param>
    /// <param name="path">The file to create or replace.</param>
    /// <exception cref="ArgumentException">A module has a type the format cannot hold (nothing is written).</exception>
    /// <exception cref="IOException">The file cannot be written; the message names <paramref name="path"/>.</exception>
    public static void Save(Sequential model, string path) => Save(model, path, wrapStream: null);

    /// <summary>Writes <paramref name="model"/> to <paramref name="stream"/> in the safetensors format.</summary>
    /// <exception cref="ArgumentException">A module has a type the format cannot hold (nothing is written).</exception>
    public static void Save(Sequential model, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stream);
        ModelImage.Of(model).WriteTo(stream);
    }

    /// <summary>Loads the model saved at <paramref name="path"/>.</summary>
    /// <returns>A new <see cref="Sequential"/> with the saved architecture and parameters.</returns>
    /// <exception cref="InvalidDataException">The file is not a valid TinyTensor safetensors model; the message names
    /// the path and the reason.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static Sequential Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        try
        {
            return Load(stream);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"{path}: {ex.Message}", ex);
        }
    }

    /// <summary>Loads a model from <paramref name="stream"/>, which must hold exactly one model file from its current
    /// position to its end.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a valid TinyTensor safetensors model.</exception>
    public static Sequential Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek)
        {
            // The checks need the file length up front; copy a pipe or network stream to memory first.
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            return Load(copy);
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
        SafeTensorsHeader parsed = SafeTensorsHeader.Parse(header, dataLength);
        List<LayerSpec> architecture = ReadArchitecture(parsed.Metadata);
        CheckTensors(architecture, parsed.Tensors);

        // The offsets tile the data section in the order of parsed.Tensors, so one sequential read fills them all.
        var values = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (TensorEntry entry in parsed.Tensors)
        {
            var tensor = new Tensor(Array.ConvertAll(entry.Shape, d => (int)d));
            ReadLittleEndian(stream, tensor.AsSpan());
            values.Add(entry.Name, tensor);
        }

        var modules = new Layer[architecture.Count];
        for (int i = 0; i < modules.Length; i++)
        {
            LayerSpec spec = architecture[i];
            modules[i] = spec.Type == LayerSpec.LinearType
                ? Linear.FromParameters(values[WeightName(i)], values[BiasName(i)])
                : spec.CreateActivation();
        }

        return new Sequential(modules);
    }

    /// <summary>The atomic save, with a seam for tests: <paramref name="wrapStream"/> may wrap the temporary file's
    /// stream (e.g. in one that fails midway) to prove that a failed save leaves the target untouched.</summary>
    internal static void Save(Sequential model, string path, Func<Stream, Stream>? wrapStream)
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

    internal static string WeightName(int module) => $"{module}.weight";

    internal static string BiasName(int module) => $"{module}.bias";

    private static List<LayerSpec> ReadArchitecture(IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue(FormatKey, out string? format) || format != FormatValue)
        {
            throw new InvalidDataException(
                $"the header's __metadata__ has no \"{FormatKey}\": \"{FormatValue}\"; this is not a TinyTensor model file.");
        }

        if (!metadata.TryGetValue(ArchitectureKey, out string? architecture))
        {
            throw new InvalidDataException($"the header's __metadata__ has no \"{ArchitectureKey}\".");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(architecture);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"the architecture is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() == 0)
            {
                throw new InvalidDataException("the architecture is not a non-empty JSON array of modules.");
            }

            var specs = new List<LayerSpec>();
            foreach (JsonElement element in root.EnumerateArray())
            {
                specs.Add(LayerSpec.Read(element, specs.Count));
            }

            return specs;
        }
    }

    /// <summary>Checks that the tensors are exactly those the architecture needs, with its shapes, and that the
    /// Linear layers chain (each one's in = the previous one's out).</summary>
    private static void CheckTensors(List<LayerSpec> architecture, IReadOnlyList<TensorEntry> tensors)
    {
        var byName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        LayerSpec? previousLinear = null;
        int previousIndex = -1;
        for (int i = 0; i < architecture.Count; i++)
        {
            LayerSpec spec = architecture[i];
            if (spec.Type != LayerSpec.LinearType)
            {
                continue;
            }

            if (previousLinear is not null && previousLinear.Out != spec.In)
            {
                throw new InvalidDataException(
                    $"architecture module {i} is {spec}, but module {previousIndex} ({previousLinear}) gives {previousLinear.Out} features.");
            }

            RequireTensor(byName, used, WeightName(i), [spec.In, spec.Out], i, spec);
            RequireTensor(byName, used, BiasName(i), [spec.Out], i, spec);
            previousLinear = spec;
            previousIndex = i;
        }

        foreach (TensorEntry entry in tensors)
        {
            if (!used.Contains(entry.Name))
            {
                throw new InvalidDataException($"tensor \"{entry.Name}\" belongs to no module of the architecture.");
            }
        }
    }

    private static void RequireTensor(Dictionary<string, TensorEntry> byName, HashSet<string> used, string name, long[] shape, int index, LayerSpec spec)
    {
        if (!byName.TryGetValue(name, out TensorEntry? entry))
        {
            throw new InvalidDataException($"architecture module {index} is {spec}, but the file has no tensor \"{name}\".");
        }

        if (!entry.Shape.AsSpan().SequenceEqual(shape))
        {
            throw new InvalidDataException(
                $"tensor \"{name}\" has shape {entry.ShapeText}, but architecture module {index} is {spec}, which needs [{string.Join(", ", shape)}].");
        }

        used.Add(name);
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

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The original failure matters more than a leftover temporary file.
        }
        catch (UnauthorizedAccessException)
        {
            // Same: keep reporting the original failure.
        }
    }
}
