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
    public static byte[] Join(JsonObject header, byte[] data) => Join(Encoding.UTF8.GetBytes(header.ToJsonString()), data);

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
