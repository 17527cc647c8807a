using System.Buffers.Binary;
using System.IO.Compression;
using TinyTensor.IO;

namespace TinyTensor.Data;

/// <summary>
/// Reads a data file's whole content, gunzipping it when it starts with the gzip magic 1f 8b, within
/// <see cref="DataLimits.MaxBytes"/>, and turns every problem with the file into <see cref="FileNotFoundException"/>
/// (missing), <see cref="IOException"/> (a directory) or <see cref="InvalidDataException"/> (corrupt, too large)
/// naming the file.
/// </summary>
/// <remarks>
/// <para><b>Any readable file.</b> The length is only a capacity hint: pipes, FIFOs, <c>/dev/stdin</c> and
/// <c>/proc</c> files (which report length 0) are read to their end, and an endless one (<c>/dev/zero</c>) stops at
/// the limit with an error.</para>
/// <para><b>Gzip.</b> Multi-member (concatenated) files are accepted, as <c>zcat</c> reads them. .NET's
/// <see cref="GZipStream"/> returns a truncated member's partial output without an error and ignores bytes after the
/// last member, so the last 8 bytes must be the trailer of the last member: its ISIZE (exact below 4 GiB) and CRC-32
/// are checked against the end of what was inflated (zlib checks every complete member's trailer itself).</para>
/// </remarks>
internal static class DataFile
{
    /// <summary>The smallest gzip file: a 10-byte header, an empty deflate block (2 bytes) and an 8-byte trailer.</summary>
    private const int MinGzipLength = 20;

    /// <summary>
    /// The trailer's ISIZE is only a capacity hint, capped at this multiple of the compressed length (data sets
    /// compress 3–10×; deflate's limit is about 1032×): a corrupt ISIZE cannot make a small file allocate much, and
    /// content that really expands more just grows the buffer (up to the limit).
    /// </summary>
    private const long MaxTrustedRatio = 64;

    /// <summary>The first buffer when the length is unknown (a pipe).</summary>
    private const int InitialCapacity = 1 << 16;

    /// <summary>The whole content of the file at <paramref name="path"/>, decompressed if it is gzipped.</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="IOException">The path is a directory.</exception>
    /// <exception cref="InvalidDataException">The gzip data is corrupt or truncated, or the content exceeds the limit.</exception>
    public static byte[] ReadAllBytes(string path, DataLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        CheckReadable(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return ReadAllBytes(stream, path, limits);
    }

    /// <summary>Fails unless <paramref name="path"/> exists and is not a directory.</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="IOException">The path is a directory.</exception>
    public static void CheckReadable(string path)
    {
        FileKind kind = FileIdentity.Of(path).Kind;
        if (kind == FileKind.Missing)
        {
            throw new FileNotFoundException($"Data file not found: {path}", path);
        }

        if (kind == FileKind.Directory)
        {
            throw new IOException($"{path} is a directory, not a data file.");
        }
    }

    /// <summary>The whole content of <paramref name="stream"/> from where it is, decompressed if gzipped.</summary>
    /// <param name="stream">A readable stream (seekable or not); it is left open.</param>
    /// <param name="source">The file name or resource name used in error messages.</param>
    /// <param name="limits">The limits; <see cref="DataLimits.Default"/> when null.</param>
    public static byte[] ReadAllBytes(Stream stream, string source, DataLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        limits ??= DataLimits.Default;
        long hint = 0;
        if (stream.CanSeek)
        {
            hint = stream.Length - stream.Position;
        }

        byte[] raw = ReadBounded(stream, hint, limits.MaxBytes, source, "the file");
        bool gzipped = raw.Length >= 2 && raw[0] == 0x1f && raw[1] == 0x8b;
        return gzipped ? Gunzip(raw, source, limits.MaxBytes) : raw;
    }

    /// <summary>Reads <paramref name="stream"/> to its end into an array of exactly its length, failing once more
    /// than <paramref name="limit"/> bytes arrive.</summary>
    private static byte[] ReadBounded(Stream stream, long hint, long limit, string source, string what)
    {
        long cap = Math.Min(limit, Array.MaxLength);
        if (hint > cap)
        {
            throw TooLarge(source, what, $"{hint} bytes", cap);
        }

        var buffer = new byte[hint > 0 ? hint : Math.Min(InitialCapacity, cap)];
        int length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                // Full: either the end (the usual case when the hint was the exact length) or grow.
                int next = stream.ReadByte();
                if (next < 0)
                {
                    return buffer;
                }

                if (length >= cap)
                {
                    throw TooLarge(source, what, $"more than {cap} bytes", cap);
                }

                Array.Resize(ref buffer, (int)Math.Min(Math.Max(2L * buffer.Length, 1), cap));
                buffer[length++] = (byte)next;
                continue;
            }

            int read = stream.Read(buffer, length, buffer.Length - length);
            if (read == 0)
            {
                return length == buffer.Length ? buffer : buffer.AsSpan(0, length).ToArray();
            }

            length += read;
        }
    }

    private static InvalidDataException TooLarge(string source, string what, string size, long limit) =>
        new($"{source}: {what} holds {size}; the limit is {limit} bytes (DataLimits.MaxBytes, the CLI's --max-memory).");

    private static byte[] Gunzip(byte[] raw, string source, long limit)
    {
        if (raw.Length < MinGzipLength)
        {
            throw new InvalidDataException($"{source}: a gzip file of {raw.Length} bytes is truncated (at least {MinGzipLength} are needed).");
        }

        uint declaredCrc = BinaryPrimitives.ReadUInt32LittleEndian(raw.AsSpan(raw.Length - 8));
        uint declaredSize = BinaryPrimitives.ReadUInt32LittleEndian(raw.AsSpan(raw.Length - 4));
        long hint = Math.Min(declaredSize, raw.Length * MaxTrustedRatio);
        byte[] content;
        try
        {
            using var gzip = new GZipStream(new MemoryStream(raw, writable: false), CompressionMode.Decompress);
            content = ReadBounded(gzip, Math.Min(hint, Math.Min(limit, Array.MaxLength)), limit, source, "the decompressed content");
        }
        catch (InvalidDataException e) when (e.InnerException is null && !e.Message.StartsWith(source, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{source}: corrupt gzip data ({e.Message})", e);
        }

        // The last member's trailer must describe the end of the output: a truncated file's last 8 bytes are deflate
        // data instead (a 2^-32 chance of passing), trailing garbage fails the same way.
        if (declaredSize > content.Length || Crc32.Compute(content.AsSpan(content.Length - (int)declaredSize)) != declaredCrc)
        {
            throw new InvalidDataException(
                $"{source}: the gzip data is truncated or corrupt: the last 8 bytes (CRC-32 0x{declaredCrc:X8}, size {declaredSize}) " +
                $"are not the trailer of the last member ({content.Length} bytes were decompressed).");
        }

        return content;
    }
}
