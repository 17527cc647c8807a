using System.Buffers.Binary;
using System.IO.Compression;

namespace TinyTensor.Data;

/// <summary>
/// Reads a data file's whole content, gunzipping it when it starts with the gzip magic 1f 8b, and turns every
/// problem with the file into <see cref="FileNotFoundException"/> (missing) or <see cref="InvalidDataException"/>
/// (corrupt) naming the file.
/// </summary>
/// <remarks>
/// .NET's <see cref="GZipStream"/> returns a truncated member's partial output without an error and ignores bytes after
/// the member, so the gzip trailer's ISIZE (the uncompressed length mod 2³²) is checked against what was inflated.
/// That check also rejects multi-member (concatenated) gzip files, which data sets do not use.
/// </remarks>
internal static class DataFile
{
    /// <summary>The smallest gzip file: a 10-byte header, an empty deflate block (2 bytes) and an 8-byte trailer.</summary>
    private const int MinGzipLength = 20;

    /// <summary>
    /// The trailer's ISIZE is only a capacity hint, capped at this multiple of the compressed length (data sets
    /// compress 3–10×; deflate's limit is about 1032×): a corrupt ISIZE cannot make a small file allocate gigabytes,
    /// and content that really expands more just grows the buffer.
    /// </summary>
    private const long MaxTrustedRatio = 64;

    /// <summary>The whole content of the file at <paramref name="path"/>, decompressed if it is gzipped.</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The gzip data is corrupt or truncated, or the content exceeds 2 GB.</exception>
    public static byte[] ReadAllBytes(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Data file not found: {path}", path);
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return ReadAllBytes(stream, path);
    }

    /// <summary>The whole content of a seekable <paramref name="stream"/> from its start, decompressed if gzipped.</summary>
    /// <param name="stream">A readable, seekable stream; it is left open.</param>
    /// <param name="source">The file name or resource name used in error messages.</param>
    public static byte[] ReadAllBytes(Stream stream, string source)
    {
        long length = stream.Length;
        Span<byte> magic = stackalloc byte[2];
        stream.Position = 0;
        bool gzipped = length >= 2 && stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        stream.Position = 0;
        return gzipped ? Gunzip(stream, length, source) : ReadPlain(stream, length, source);
    }

    private static byte[] ReadPlain(Stream stream, long length, string source)
    {
        if (length > Array.MaxLength)
        {
            throw new InvalidDataException($"{source}: the file is {length} bytes; at most {Array.MaxLength} are supported.");
        }

        var bytes = new byte[length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static byte[] Gunzip(Stream stream, long compressedLength, string source)
    {
        if (compressedLength < MinGzipLength)
        {
            throw new InvalidDataException($"{source}: a gzip file of {compressedLength} bytes is truncated (at least {MinGzipLength} are needed).");
        }

        Span<byte> trailer = stackalloc byte[4];
        stream.Position = compressedLength - 4;
        stream.ReadExactly(trailer);
        uint declaredSize = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        stream.Position = 0;

        long capacity = Math.Min(declaredSize, Math.Min(compressedLength * MaxTrustedRatio, Array.MaxLength));
        using var output = new MemoryStream((int)capacity);
        try
        {
            using var gzip = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
            gzip.CopyTo(output);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{source}: corrupt gzip data ({e.Message})", e);
        }
        catch (IOException e)
        {
            // MemoryStream refuses to grow past 2 GB with an IOException.
            throw new InvalidDataException($"{source}: the uncompressed content exceeds {Array.MaxLength} bytes ({e.Message})", e);
        }

        if ((uint)output.Length != declaredSize)
        {
            throw new InvalidDataException(
                $"{source}: the gzip data is truncated or corrupt: its trailer declares {declaredSize} bytes (mod 2^32), but {output.Length} were decompressed.");
        }

        return output.Length == output.Capacity ? output.GetBuffer() : output.ToArray();
    }
}
