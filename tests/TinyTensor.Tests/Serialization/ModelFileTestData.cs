using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using TinyTensor.Init;
using TinyTensor.Layers;
using TinyTensor.Serialization;

namespace TinyTensor.Tests.Serialization;

/// <summary>Models to save, and a way to take a model file apart and put a modified one together.</summary>
internal static class ModelFileTestData
{
    /// <summary>Linear(3, 4), ReLU, Linear(4, 2), Softmax: a 640-byte file, small enough to truncate at every length.</summary>
    public static Sequential Small()
    {
        var rng = new RandomState(1);
        return new Sequential(new Linear(3, 4, rng, Initializer.KaimingUniform()), new ReLU(),
            new Linear(4, 2, rng, Initializer.XavierNormal()), new Softmax());
    }

    /// <summary>Every layer type a model file holds.</summary>
    public static Sequential AllLayerTypes()
    {
        var rng = new RandomState(2);
        return new Sequential(
            new Linear(6, 8, rng, Initializer.KaimingNormal()), new ReLU(),
            new Linear(8, 7, rng, Initializer.XavierUniform(Initializer.CalculateGain(Nonlinearity.Tanh))), new Tanh(),
            new Linear(7, 5, rng), new Sigmoid(),
            new Linear(5, 4, rng, Initializer.KaimingUniform(Nonlinearity.LeakyReLU, 0.1)), new LeakyReLU(0.1),
            new Linear(4, 3, rng, Initializer.XavierNormal()), new Softmax());
    }

    public static byte[] Bytes(Sequential model)
    {
        using var stream = new MemoryStream();
        ModelFile.Save(model, stream);
        return stream.ToArray();
    }

    public static Sequential Load(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return ModelFile.Load(stream);
    }

    /// <summary>The header as a mutable JSON object and the data section.</summary>
    public static (JsonObject Header, byte[] Data) Split(byte[] file)
    {
        int n = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(file));
        var header = (JsonObject)JsonNode.Parse(Encoding.UTF8.GetString(file, 8, n))!;
        return (header, file[(8 + n)..]);
    }

    /// <summary>A file from a header and a data section, the header padded with spaces to a multiple of 8.</summary>
    /// <remarks>Escaped as the writer escapes (\" rather than \u0022), so an unchanged header gives the writer's bytes.</remarks>
    public static byte[] Join(JsonObject header, byte[] data) => Join(Encoding.UTF8.GetBytes(header.ToJsonString(WriterEscaping)), data);

    private static readonly System.Text.Json.JsonSerializerOptions WriterEscaping =
        new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Join(string header, byte[] data) => Join(Encoding.UTF8.GetBytes(header), data);

    public static byte[] Join(byte[] header, byte[] data)
    {
        int padded = (header.Length + 7) / 8 * 8;
        var file = new byte[8 + padded + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)padded);
        header.CopyTo(file, 8);
        file.AsSpan(8 + header.Length, padded - header.Length).Fill((byte)' ');
        data.CopyTo(file, 8 + padded);
        return file;
    }

    /// <summary>The row-major elements of mᵀ, m (r, c).</summary>
    public static double[] Transposed(Tensor m) => Transposed(m.ToArray(), m.Dim(0), m.Dim(1)); // ToArray widens float32 exactly

    /// <summary>The row-major elements of the transpose of the (rows, cols) matrix <paramref name="m"/>.</summary>
    public static double[] Transposed(ReadOnlySpan<double> m, int rows, int cols)
    {
        var t = new double[m.Length];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                t[(j * rows) + i] = m[(i * cols) + j];
            }
        }

        return t;
    }

    /// <summary>A version-3 file rewritten as earlier builds laid it out (version 1 or 2): every matrix (a Linear
    /// weight) stored (in, out) as TinyTensor holds it in memory, not PyTorch's (out, in).</summary>
    public static byte[] InMemoryLayout(byte[] file, string version)
    {
        (JsonObject header, byte[] data) = Split(file);
        header["__metadata__"]!["version"] = version;
        header["__metadata__"]!.AsObject().Remove("dtype"); // recorded since float32 models (issue 10), after versions 1 and 2
        byte[] result = (byte[])data.Clone();
        foreach ((string name, JsonNode? node) in header)
        {
            if (name == "__metadata__" || node!["shape"]!.AsArray().Count != 2)
            {
                continue;
            }

            int rows = node["shape"]![0]!.GetValue<int>(), cols = node["shape"]![1]!.GetValue<int>();
            int begin = node["data_offsets"]![0]!.GetValue<int>();
            ReadOnlySpan<double> stored = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(data.AsSpan(begin, rows * cols * 8));
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(Transposed(stored, rows, cols).AsSpan()).CopyTo(result.AsSpan(begin));
            node["shape"] = new JsonArray(cols, rows);
        }

        return Join(header, result);
    }

    public static void AssertSameModel(Sequential actual, Sequential expected)
    {
        Assert.That(actual.Modules.Select(m => m.ToString()), Is.EqualTo(expected.Modules.Select(m => m.ToString())));
        Assert.That(actual.Modules.Select(m => m.GetType()), Is.EqualTo(expected.Modules.Select(m => m.GetType())));
        Assert.That(actual.Parameters, Has.Count.EqualTo(expected.Parameters.Count));
        for (int i = 0; i < expected.Parameters.Count; i++)
        {
            Assert.That(actual.Parameters[i].Shape, Is.EqualTo(expected.Parameters[i].Shape), $"parameter {i} shape");
            Support.AssertTensor.BitwiseEqual(actual.Parameters[i].AsReadOnlySpan(), expected.Parameters[i].AsReadOnlySpan(), $"parameter {i}");
        }
    }
}
