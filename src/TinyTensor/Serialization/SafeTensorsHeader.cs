using System.Text.Json;
using System.Text.Unicode;

namespace TinyTensor.Serialization;

/// <summary>
/// The JSON header of a safetensors file, parsed and checked as the reference Rust crate checks it
/// (safetensors/src/tensor.rs, <c>read_metadata</c> and <c>Metadata::validate</c>): valid UTF-8, a JSON object,
/// known dtypes, integer shapes, byte counts = Π shape · dtype size with overflow checks, and offsets that tile the
/// data section exactly (sorted, starting at 0, no gap, no overlap, ending at the end of the file).
/// </summary>
/// <remarks>Every failure is an <see cref="InvalidDataException"/> stating the reason.</remarks>
internal sealed class SafeTensorsHeader
{
    /// <summary>The key of the string-to-string metadata map.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>The dtype TinyTensor writes: little-endian IEEE 754 binary64.</summary>
    public const string Float64 = "F64";

    /// <summary>Little-endian IEEE 754 binary32, PyTorch's default: what TinyTensor writes for a float32 model.</summary>
    public const string Float32 = "F32";

    /// <summary>Little-endian two's-complement 64-bit integers: read only for PyTorch's BatchNorm counter
    /// (<see cref="Counter"/>), a 0-d int64 tensor in every PyTorch state_dict, converted to the model's type.</summary>
    public const string Int64 = "I64";

    /// <summary>The local name of the one tensor read as <see cref="Int64"/>: BatchNorm's batch counter.</summary>
    public const string Counter = "num_batches_tracked";

    /// <summary>The dtypes the safetensors format defines (recognised so that the error says "not supported"
    /// rather than "unknown").</summary>
    private static readonly HashSet<string> KnownDtypes =
    [
        "BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2", "I16", "U16", "F16", "BF16",
        "I32", "U32", "F32", "C64", "F64", "I64", "U64",
    ];

    private SafeTensorsHeader(IReadOnlyList<TensorEntry> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        Tensors = tensors;
        Metadata = metadata;
    }

    /// <summary>The tensors in data order (sorted by offset).</summary>
    public IReadOnlyList<TensorEntry> Tensors { get; }

    /// <summary>The <c>__metadata__</c> map (empty if absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Parses <paramref name="header"/> and checks it against a data section of <paramref name="dataLength"/> bytes,
    /// within <paramref name="limits"/>.</summary>
    public static SafeTensorsHeader Parse(byte[] header, long dataLength, ModelFileLimits limits)
    {
        // Checked on the bytes, and parsed from them: no UTF-16 copy of a header that may be 100 MB.
        if (!Utf8.IsValid(header))
        {
            throw new InvalidDataException("the header is not valid UTF-8.");
        }

        // As the Rust crate: a header must be a JSON object, so it starts with '{' (padding comes after it).
        if (header.Length == 0 || header[0] != (byte)'{')
        {
            throw new InvalidDataException("the header does not start with '{'; it is not a safetensors JSON header.");
        }

        CheckLimits(header, limits);

        // The padding is JSON whitespace; leaving it out keeps the parser's buffers in proportion to the content.
        int end = header.AsSpan().TrimEnd((byte)' ').Length;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header.AsMemory(0, end));
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"the header is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            return Read(document.RootElement, dataLength);
        }
    }

    /// <summary>
    /// A streaming pass over the header that enforces <paramref name="limits"/> before a document is built: the number
    /// of top-level keys (tensors) and the length of each metadata value. It allocates nothing; malformed JSON is left
    /// to the full parse, which reports it.
    /// </summary>
    private static void CheckLimits(ReadOnlySpan<byte> header, ModelFileLimits limits)
    {
        var reader = new Utf8JsonReader(header);
        int tensors = 0;
        bool inMetadata = false;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
                {
                    inMetadata = reader.ValueTextEquals(MetadataKey);
                    if (!inMetadata && ++tensors > limits.MaxTensors)
                    {
                        throw new InvalidDataException(
                            $"the header lists more than {limits.MaxTensors} tensors, the limit (ModelFileLimits.MaxTensors; raise it to load a larger model).");
                    }
                }
                else if (inMetadata && reader.TokenType == JsonTokenType.String && reader.CurrentDepth == 2 && reader.ValueSpan.Length > limits.MaxMetadataBytes)
                {
                    throw new InvalidDataException(
                        $"a \"{MetadataKey}\" value is {reader.ValueSpan.Length} bytes, over the {limits.MaxMetadataBytes}-byte limit (ModelFileLimits.MaxMetadataBytes; raise it to load a larger model).");
                }
            }
        }
        catch (JsonException)
        {
            // Reported with its position by JsonDocument.Parse.
        }
    }

    /// <summary>Whether <paramref name="name"/> is a BatchNorm counter: <c>num_batches_tracked</c>, <c>1.num_batches_tracked</c>.</summary>
    public static bool IsCounter(string name) =>
        name == Counter || (name.EndsWith(Counter, StringComparison.Ordinal) && name[^(Counter.Length + 1)] == '.');

    /// <summary>The element type of an F64 or F32 tensor; null for the I64 counter, which takes the model's type.</summary>
    public static DType? ElementType(string dtype) => dtype switch
    {
        Float64 => DType.Float64,
        Float32 => DType.Float32,
        _ => null,
    };

    /// <summary>The safetensors dtype a tensor of element type <paramref name="dtype"/> is written as.</summary>
    public static string Name(DType dtype) => dtype == DType.Float32 ? Float32 : Float64;

    private static SafeTensorsHeader Read(JsonElement root, long dataLength)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"the header is a JSON {root.ValueKind}, not an object.");
        }

        var tensors = new List<TensorEntry>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty property in root.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                throw new InvalidDataException($"the header has the key \"{property.Name}\" twice.");
            }

            if (property.Name == MetadataKey)
            {
                ReadMetadata(property.Value, metadata);
            }
            else
            {
                tensors.Add(ReadTensor(property.Name, property.Value));
            }
        }

        CheckOffsets(tensors, dataLength);
        return new SafeTensorsHeader(tensors, metadata);
    }

    private static void ReadMetadata(JsonElement element, Dictionary<string, string> metadata)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"\"{MetadataKey}\" is a JSON {element.ValueKind}, not an object of strings.");
        }

        foreach (JsonProperty entry in element.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                throw new InvalidDataException(
                    $"\"{MetadataKey}\" entry \"{entry.Name}\" is a JSON {entry.Value.ValueKind}; metadata values must be strings.");
            }

            if (!metadata.TryAdd(entry.Name, entry.Value.GetString()!))
            {
                throw new InvalidDataException($"\"{MetadataKey}\" has the key \"{entry.Name}\" twice.");
            }
        }
    }

    private static TensorEntry ReadTensor(string name, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"tensor \"{name}\" is a JSON {element.ValueKind}, not an object.");
        }

        if (!element.TryGetProperty("dtype", out JsonElement dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
        {
            throw new InvalidDataException($"tensor \"{name}\" has no \"dtype\" string.");
        }

        string dtype = dtypeElement.GetString()!;
        if (dtype is not (Float64 or Float32) && !(dtype == Int64 && IsCounter(name)))
        {
            throw new InvalidDataException(KnownDtypes.Contains(dtype)
                ? $"tensor \"{name}\" has dtype {dtype}, which TinyTensor does not read (it reads F64 and F32, and I64 only as a BatchNorm's {Counter}; convert with tensor.float() or tensor.double() in PyTorch)."
                : $"tensor \"{name}\" has an unknown dtype \"{dtype}\".");
        }

        int elementSize = dtype == Float32 ? sizeof(float) : sizeof(long); // F64 and I64 are both 8 bytes
        long[] shape = ReadIntegers(name, element, "shape", expectedCount: -1);
        long[] offsets = ReadIntegers(name, element, "data_offsets", expectedCount: 2);
        var entry = new TensorEntry(name, dtype, shape, offsets[0], offsets[1]);

        long byteCount;
        try
        {
            long elements = 1;
            foreach (long dim in shape)
            {
                elements = checked(elements * dim);
            }

            byteCount = checked(elements * elementSize);
        }
        catch (OverflowException)
        {
            throw new InvalidDataException($"tensor \"{name}\": the byte count of shape {entry.ShapeText} overflows.");
        }

        if (entry.End < entry.Begin)
        {
            throw new InvalidDataException($"tensor \"{name}\": data_offsets [{entry.Begin}, {entry.End}] end before they begin.");
        }

        if (entry.End - entry.Begin != byteCount)
        {
            throw new InvalidDataException(
                $"tensor \"{name}\": data_offsets [{entry.Begin}, {entry.End}] span {entry.End - entry.Begin} bytes, but {dtype} shape {entry.ShapeText} needs {byteCount}.");
        }

        return entry;
    }

    /// <summary>Non-negative JSON integers that fit a long (the Rust crate's usize on a 64-bit machine, less one bit).</summary>
    private static long[] ReadIntegers(string name, JsonElement element, string key, int expectedCount)
    {
        if (!element.TryGetProperty(key, out JsonElement array) || array.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"tensor \"{name}\" has no \"{key}\" array.");
        }

        int count = array.GetArrayLength();
        if (expectedCount >= 0 && count != expectedCount)
        {
            throw new InvalidDataException($"tensor \"{name}\": \"{key}\" has {count} values; expected {expectedCount}.");
        }

        var values = new long[count];
        int i = 0;
        foreach (JsonElement item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out long value) || value < 0)
            {
                throw new InvalidDataException($"tensor \"{name}\": \"{key}\" value {item.GetRawText()} is not a non-negative integer.");
            }

            values[i++] = value;
        }

        return values;
    }

    /// <summary>Sorts by offset and checks that the tensors tile [0, dataLength) exactly.</summary>
    private static void CheckOffsets(List<TensorEntry> tensors, long dataLength)
    {
        tensors.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long expected = 0;
        TensorEntry? previous = null;
        foreach (TensorEntry entry in tensors)
        {
            if (entry.End > dataLength)
            {
                throw new InvalidDataException(
                    $"tensor \"{entry.Name}\": data_offsets [{entry.Begin}, {entry.End}] go beyond the data section, which is {dataLength} bytes.");
            }

            if (entry.Begin < expected)
            {
                throw new InvalidDataException(
                    $"tensor \"{entry.Name}\": data_offsets [{entry.Begin}, {entry.End}] overlap tensor \"{previous!.Name}\" [{previous.Begin}, {previous.End}].");
            }

            if (entry.Begin > expected)
            {
                throw new InvalidDataException(previous is null
                    ? $"tensor \"{entry.Name}\": the data starts at byte {entry.Begin}, not 0 (a gap)."
                    : $"tensor \"{entry.Name}\": data_offsets [{entry.Begin}, {entry.End}] leave a gap after tensor \"{previous.Name}\", which ends at {previous.End}.");
            }

            expected = entry.End;
            previous = entry;
        }

        if (expected != dataLength)
        {
            throw new InvalidDataException(
                $"the tensors end at data byte {expected}, but the data section has {dataLength} bytes ({dataLength - expected} trailing bytes).");
        }
    }
}
