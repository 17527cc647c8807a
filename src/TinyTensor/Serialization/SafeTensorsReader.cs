using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace TinyTensor.Serialization;

/// <summary>
/// Reads a safetensors stream: the length prefix and header (checked by <see cref="SafeTensorsHeader"/>), then the
/// tensors one after another in data order, as float64 (F64 as stored, F32 widened exactly, the I64 BatchNorm counter
/// converted); the loader then gives the model the file's element type, or the one asked for.
/// </summary>
internal static class SafeTensorsReader
{
    /// <summary>Reads and checks the header; the stream is left at the first tensor's first byte.</summary>
    /// <exception cref="InvalidDataException">The length or header is invalid.</exception>
    public static SafeTensorsHeader ReadHeader(Stream stream, ModelFileLimits limits)
    {
        long fileLength = stream.Length - stream.Position;
        Span<byte> prefix = stackalloc byte[sizeof(ulong)];
        int prefixRead = stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
        if (prefixRead < prefix.Length)
        {
            throw new InvalidDataException(
                $"the file is {fileLength} bytes, too short for the 8-byte header length that starts a safetensors file.");
        }

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > ModelFile.MaxHeaderLength)
        {
            throw new InvalidDataException($"the header length {headerLength} exceeds the {ModelFile.MaxHeaderLength}-byte limit.");
        }

        if ((long)headerLength > fileLength - sizeof(ulong))
        {
            throw new InvalidDataException(
                $"the header length {headerLength} goes beyond the end of the file ({fileLength} bytes, {fileLength - sizeof(ulong)} after the length).");
        }

        byte[] header = new byte[(int)headerLength];
        ReadExactly(stream, header);
        long dataLength = fileLength - sizeof(ulong) - (long)headerLength;
        return SafeTensorsHeader.Parse(header, dataLength, limits);
    }

    /// <summary>Reads the next tensor, <paramref name="entry"/>, into <paramref name="destination"/> (its element count),
    /// in the file's element order, as float64: F64 as stored, F32 widened (exact: every binary32 value is a binary64
    /// value), I64 (the BatchNorm counter) converted (exact up to 2⁵³).</summary>
    public static void ReadTensor(Stream stream, TensorEntry entry, Span<double> destination)
    {
        switch (entry.Dtype)
        {
            case SafeTensorsHeader.Float64:
                ReadExactly(stream, MemoryMarshal.AsBytes(destination));
                if (!BitConverter.IsLittleEndian)
                {
                    Span<long> bits = MemoryMarshal.Cast<double, long>(destination);
                    BinaryPrimitives.ReverseEndianness(bits, bits);
                }

                return;
            case SafeTensorsHeader.Float32:
                ReadConverted(stream, destination, sizeof(float), static bytes => BinaryPrimitives.ReadSingleLittleEndian(bytes));
                return;
            default:
                ReadConverted(stream, destination, sizeof(long), static bytes => BinaryPrimitives.ReadInt64LittleEndian(bytes));
                return;
        }
    }

    /// <summary>Reads <paramref name="destination"/>.Length values of <paramref name="size"/> bytes in chunks, each
    /// converted to double by <paramref name="read"/>.</summary>
    private static void ReadConverted(Stream stream, Span<double> destination, int size, ReadValue read)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            int done = 0;
            while (done < destination.Length)
            {
                int count = Math.Min(destination.Length - done, buffer.Length / size);
                Span<byte> bytes = buffer.AsSpan(0, count * size);
                ReadExactly(stream, bytes);
                for (int i = 0; i < count; i++)
                {
                    destination[done + i] = read(bytes.Slice(i * size));
                }

                done += count;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private delegate double ReadValue(ReadOnlySpan<byte> bytes);

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

    /// <summary>A seekable stream over <paramref name="stream"/>: itself, or a copy in memory of a pipe or network
    /// stream (the checks need the length up front).</summary>
    public static Stream Seekable(Stream stream)
    {
        if (stream.CanSeek)
        {
            return stream;
        }

        var copy = new MemoryStream();
        stream.CopyTo(copy);
        copy.Position = 0;
        return copy;
    }
}
