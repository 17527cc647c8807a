using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using TinyTensor.Layers;

namespace TinyTensor.Serialization;

/// <summary>A model turned into the exact bytes of its file: the padded header, then the tensors in order.</summary>
internal sealed class ModelImage
{
    private readonly byte[] _header;
    private readonly List<Tensor> _tensors;

    private ModelImage(byte[] header, List<Tensor> tensors)
    {
        _header = header;
        _tensors = tensors;
    }

    public static ModelImage Of(Sequential model)
    {
        IReadOnlyList<Layer> modules = model.Modules;
        var specs = new LayerSpec[modules.Count];
        for (int i = 0; i < specs.Length; i++)
        {
            specs[i] = LayerSpec.Of(modules[i], i);
        }

        // UnsafeRelaxedJsonEscaping writes \" rather than \u0022 inside the architecture string: still valid
        // JSON, and readable in a hex dump. The header never reaches HTML, the case that escaper guards against.
        var options = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        var architecture = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(architecture, options))
        {
            writer.WriteStartArray();
            foreach (LayerSpec spec in specs)
            {
                spec.Write(writer);
            }

            writer.WriteEndArray();
        }

        var tensors = new List<Tensor>();
        var header = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(header, options))
        {
            writer.WriteStartObject();
            writer.WriteStartObject(SafeTensorsHeader.MetadataKey);
            writer.WriteString(ModelFile.FormatKey, ModelFile.FormatValue);
            writer.WriteString(ModelFile.VersionKey, ModelFile.VersionValue);
            writer.WriteString(ModelFile.ArchitectureKey, architecture.WrittenSpan);
            writer.WriteEndObject();
            long offset = 0;
            for (int i = 0; i < modules.Count; i++)
            {
                if (modules[i] is Linear linear)
                {
                    offset = WriteEntry(writer, ModelFile.WeightName(i), linear.Weight, offset);
                    tensors.Add(linear.Weight);
                    offset = WriteEntry(writer, ModelFile.BiasName(i), linear.Bias, offset);
                    tensors.Add(linear.Bias);
                }
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

    public void WriteTo(Stream stream)
    {
        Span<byte> prefix = stackalloc byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)_header.Length);
        stream.Write(prefix);
        stream.Write(_header);
        foreach (Tensor tensor in _tensors)
        {
            if (BitConverter.IsLittleEndian)
            {
                stream.Write(MemoryMarshal.AsBytes(tensor.AsReadOnlySpan()));
            }
            else
            {
                long[] bits = MemoryMarshal.Cast<double, long>(tensor.AsReadOnlySpan()).ToArray();
                BinaryPrimitives.ReverseEndianness(bits, bits);
                stream.Write(MemoryMarshal.AsBytes(bits.AsSpan()));
            }
        }
    }

    private static long WriteEntry(Utf8JsonWriter writer, string name, Tensor tensor, long offset)
    {
        long end = offset + ((long)tensor.Length * sizeof(double));
        writer.WriteStartObject(name);
        writer.WriteString("dtype", SafeTensorsHeader.Float64);
        writer.WriteStartArray("shape");
        foreach (int dim in tensor.Shape)
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
