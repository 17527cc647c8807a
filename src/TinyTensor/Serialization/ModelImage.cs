using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using TinyTensor.Internal;
using TinyTensor.Layers;

namespace TinyTensor.Serialization;

/// <summary>A model turned into the exact bytes of its file: the padded header, then the tensors in order, each as
/// F64 or F32 as the model holds it (a model holds one element type; the metadata's "dtype" records it).</summary>
internal sealed class ModelImage
{
    private readonly byte[] _header;
    private readonly List<StateDict.Entry> _tensors;

    private ModelImage(byte[] header, List<StateDict.Entry> tensors)
    {
        _header = header;
        _tensors = tensors;
    }

    /// <summary>The file of <paramref name="model"/>; every problem with the model is an <see cref="ArgumentException"/>
    /// thrown here, before any byte is written.</summary>
    public static ModelImage Of(Layer model)
    {
        int version = ModelFile.CurrentVersion;

        // UnsafeRelaxedJsonEscaping writes \" rather than \u0022 inside the architecture string: still valid
        // JSON, and readable in a hex dump. The header never reaches HTML, the case that escaper guards against.
        var options = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        var architecture = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(architecture, options))
        {
            WriteModule(writer, model, "");
        }

        using (JsonDocument written = JsonDocument.Parse(architecture.WrittenMemory))
        {
            CheckDescribedShapes(written.RootElement, model, "");
        }

        List<StateDict.Entry> tensors = StateDict.Of(model);
        DType? dtype = ModelFile.CommonType(tensors.Select(t => (t.Name, (DType?)t.Value.DType)), where => new ArgumentException(
            $"ModelFile.Save: the model's tensors mix element types ({where}), which no model file loads back as one network; convert the whole model with model.To(DType).",
            nameof(model)));
        var header = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(header, options))
        {
            writer.WriteStartObject();
            writer.WriteStartObject(SafeTensorsHeader.MetadataKey);
            writer.WriteString(ModelFile.FormatKey, ModelFile.FormatValue);
            writer.WriteString(ModelFile.VersionKey, version.ToString(CultureInfo.InvariantCulture));
            writer.WriteString(ModelFile.ArchitectureKey, architecture.WrittenSpan);
            if (dtype is { } type)
            {
                writer.WriteString(ModelFile.DTypeKey, type.Name());
            }

            writer.WriteEndObject();
            long offset = 0;
            foreach (StateDict.Entry entry in tensors)
            {
                offset = WriteEntry(writer, entry.Name, entry.Value.DType, entry.StoredShape, offset);
            }

            writer.WriteEndObject();
        }

        // Pad with spaces (JSON whitespace) so the data starts 8-byte aligned, as the Rust writer does.
        int padded = (header.WrittenCount + 7) / 8 * 8;
        byte[] bytes = new byte[padded];
        header.WrittenSpan.CopyTo(bytes);
        bytes.AsSpan(header.WrittenCount).Fill((byte)' ');
        return new ModelImage(bytes, tensors);
    }

    /// <summary>A Sequential as the array of its modules, any other layer as {"type": …, …hyper-parameters}.</summary>
    private static void WriteModule(Utf8JsonWriter writer, Layer module, string path)
    {
        if (module is Sequential sequential)
        {
            writer.WriteStartArray();
            foreach ((string name, Layer child) in sequential.NamedChildren())
            {
                WriteModule(writer, child, path.Length == 0 ? name : path + "." + name);
            }

            writer.WriteEndArray();
            return;
        }

        if (!LayerRegistry.TryGet(module, out LayerFormat? format))
        {
            throw new ArgumentException(
                $"ModelFile.Save: {Where(path)} is a {module.GetType().Name}, which a model file cannot hold: its type is not registered " +
                $"(registered: {LayerRegistry.List()}, and Sequential). Register a LayerFormat for it with LayerRegistry.Register.", nameof(module));
        }

        if (module.NamedChildren().Any())
        {
            throw new ArgumentException(
                $"ModelFile.Save: {Where(path)} is a {module.GetType().Name} with sub-layers; a model file holds only Sequential containers.", nameof(module));
        }

        JsonObject? hyperParameters = format!.Describe(module);
        writer.WriteStartObject();
        writer.WriteString(LayerFormat.TypeKey, format.TypeName);
        foreach ((string key, JsonNode? value) in hyperParameters ?? [])
        {
            if (key == LayerFormat.TypeKey)
            {
                throw new ArgumentException($"ModelFile.Save: the {format.TypeName} format describes a \"type\" hyper-parameter, which is reserved.", nameof(module));
            }

            writer.WritePropertyName(key);
            if (value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                value.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>Each layer's parameters are the ones its description implies, as the loader will check.</summary>
    private static void CheckDescribedShapes(JsonElement element, Layer module, string path)
    {
        if (module is Sequential sequential)
        {
            int i = 0;
            foreach ((string name, Layer child) in sequential.NamedChildren())
            {
                CheckDescribedShapes(element[i++], child, path.Length == 0 ? name : path + "." + name);
            }

            return;
        }

        LayerRegistry.TryGet(module, out LayerFormat? format);
        IReadOnlyList<(string Name, int[] Shape)> described;
        try
        {
            var config = new LayerConfig(element, Where(path), format!.TypeName);
            format.Check(config);
            described = format.ParameterShapes(config);
        }
        catch (InvalidDataException ex)
        {
            throw new ArgumentException($"ModelFile.Save: {Where(path)} ({module}): its description would not load back: {ex.Message}", nameof(module), ex);
        }

        (string Name, Tensor Value)[] own = [.. module.OwnState()];
        bool same = described.Count == own.Length;
        for (int i = 0; same && i < own.Length; i++)
        {
            same = described[i].Name == own[i].Name && own[i].Value.Shape.AsSpan().SequenceEqual(described[i].Shape);
        }

        if (!same)
        {
            throw new ArgumentException(
                $"ModelFile.Save: {Where(path)} ({module}) is described as having parameters [{string.Join(", ", described.Select(d => $"{d.Name} {ThrowHelper.FormatShape(d.Shape)}"))}] " +
                $"but holds [{string.Join(", ", own.Select(p => $"{p.Name} {p.Value.ShapeText}"))}]; its LayerFormat and its parameters and buffers disagree.",
                nameof(module));
        }
    }

    private static string Where(string path) => path.Length == 0 ? "the model" : $"module {path}";

    /// <summary>The length prefix, the header, then every tensor in its element type, in the file's layout.</summary>
    public void WriteTo(Stream stream)
    {
        Span<byte> prefix = stackalloc byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)_header.Length);
        stream.Write(prefix);
        stream.Write(_header);
        double[] doubles = [];
        float[] floats = [];
        foreach (StateDict.Entry entry in _tensors)
        {
            if (entry.Value.DType == DType.Float32)
            {
                WriteTensor(stream, entry, ref floats);
            }
            else
            {
                WriteTensor(stream, entry, ref doubles);
            }
        }
    }

    /// <summary>One tensor's bytes, through <paramref name="scratch"/> (grown as needed) when its layout is not as is.</summary>
    private static void WriteTensor<T>(Stream stream, StateDict.Entry entry, ref T[] scratch)
        where T : unmanaged
    {
        Tensor value = entry.Value;
        ReadOnlySpan<T> elements = value.AsReadOnlySpan<T>();
        if (!ReferenceEquals(entry.Layout, TensorLayout.AsIs))
        {
            // The file's layout (e.g. Linear's weight transposed to PyTorch's (out, in)): an exact permutation.
            if (scratch.Length < value.Length)
            {
                scratch = new T[value.Length];
            }

            entry.Layout.Store(elements, value.Shape, scratch.AsSpan(0, value.Length));
            elements = scratch.AsSpan(0, value.Length);
        }

        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(elements);
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(bytes);
            return;
        }

        // Big-endian machine: each element's bytes reversed (4 for float32, 8 for float64).
        byte[] swapped = bytes.ToArray();
        int size = Unsafe.SizeOf<T>();
        for (int i = 0; i < swapped.Length; i += size)
        {
            swapped.AsSpan(i, size).Reverse();
        }

        stream.Write(swapped);
    }

    private static long WriteEntry(Utf8JsonWriter writer, string name, DType dtype, int[] shape, long offset)
    {
        long elements = 1;
        foreach (int dim in shape)
        {
            elements *= dim;
        }

        long end = offset + (elements * dtype.Size());
        writer.WriteStartObject(name);
        writer.WriteString("dtype", SafeTensorsHeader.Name(dtype));
        writer.WriteStartArray("shape");
        foreach (int dim in shape)
        {
            writer.WriteNumberValue(dim);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("data_offsets");
        writer.WriteNumberValue(offset);
        writer.WriteNumberValue(end);
        writer.WriteEndArray();
        writer.WriteEndObject();
        return end;
    }
}
