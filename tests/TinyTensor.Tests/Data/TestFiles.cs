using System.Buffers.Binary;
using System.IO.Compression;

namespace TinyTensor.Tests.Data;

/// <summary>A temporary folder per test fixture and writers for the binary formats the readers take.</summary>
internal sealed class TestFiles : IDisposable
{
    public TestFiles() => Directory.CreateDirectory(Folder);

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "tinytensor-tests-" + Guid.NewGuid().ToString("N"));

    public string PathOf(string name) => Path.Combine(Folder, name);

    public string Write(string name, byte[] content)
    {
        string path = PathOf(name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public string WriteText(string name, string text) => Write(name, System.Text.Encoding.UTF8.GetBytes(text));

    public void Dispose()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    /// <summary>An IDX file: big-endian magic, big-endian sizes, then the bytes.</summary>
    public static byte[] Idx(uint magic, int[] sizes, byte[] body)
    {
        var bytes = new byte[4 + (4 * sizes.Length) + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, magic);
        for (int i = 0; i < sizes.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4 + (4 * i)), (uint)sizes[i]);
        }

        body.CopyTo(bytes, 4 + (4 * sizes.Length));
        return bytes;
    }

    /// <summary>Images 0x00000803 of count × rows × columns with pixel i = (i * 7) mod 256.</summary>
    public static byte[] IdxImages(int count, int rows, int columns) =>
        Idx(0x00000803, [count, rows, columns], Pattern(count * rows * columns));

    public static byte[] IdxLabels(params byte[] labels) => Idx(0x00000801, [labels.Length], labels);

    public static byte[] Pattern(int length)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(i * 7);
        }

        return bytes;
    }

    public static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }

    /// <summary>CIFAR-10 records: label byte then 3072 pixels; pixel j of record r = (r + j) mod 256.</summary>
    public static byte[] Cifar(params byte[] labels)
    {
        var bytes = new byte[labels.Length * 3073];
        for (int r = 0; r < labels.Length; r++)
        {
            bytes[r * 3073] = labels[r];
            for (int j = 0; j < 3072; j++)
            {
                bytes[(r * 3073) + 1 + j] = (byte)(r + j);
            }
        }

        return bytes;
    }
}
