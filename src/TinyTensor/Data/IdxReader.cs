using System.Buffers.Binary;

namespace TinyTensor.Data;

/// <summary>
/// Reads the IDX format of MNIST and Fashion-MNIST (<c>*-idx3-ubyte</c> images, <c>*-idx1-ubyte</c> labels),
/// gzipped or not (detected by the 1f 8b magic, not by the file name).
/// </summary>
/// <remarks>
/// <para>Format: a big-endian magic number 0x0000TTDD (TT = 0x08 for unsigned bytes, DD = the number of
/// dimensions), DD big-endian 32-bit sizes, then the bytes in row-major order. Images are 0x00000803
/// (count, rows, columns); labels are 0x00000801 (count).</para>
/// <para>The file length must be exactly the header plus the product of the sizes: a truncated file or trailing bytes
/// are errors, and the declared sizes are checked against the file before anything is allocated from them.</para>
/// <para>Every problem with a file's content throws <see cref="InvalidDataException"/> with the path and the
/// reason; a missing file throws <see cref="FileNotFoundException"/>.</para>
/// </remarks>
public static class IdxReader
{
    /// <summary>The magic number of an IDX file of unsigned-byte images (3 dimensions).</summary>
    public const uint ImagesMagic = 0x00000803;

    /// <summary>The magic number of an IDX file of unsigned-byte labels (1 dimension).</summary>
    public const uint LabelsMagic = 0x00000801;

    /// <summary>Reads images as an (N, rows·columns) tensor with every pixel divided by 255.0, to [0, 1].</summary>
    /// <param name="path">An IDX3 unsigned-byte file, gzipped or not.</param>
    /// <returns>A new (N, rows·columns) tensor, one flattened image per row (row-major pixels).</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">Wrong magic, a zero dimension, or a length that disagrees with the header.</exception>
    public static Tensor ReadImages(string path) => ReadImages(path, DataLimits.Default);

    /// <summary>As <see cref="ReadImages(string)"/>, within <paramref name="limits"/> (the file, its decompressed
    /// content and the (N, rows·columns) tensor).</summary>
    /// <exception cref="InvalidDataException">Also: a size exceeds the limits.</exception>
    public static Tensor ReadImages(string path, DataLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return ParseImages(DataFile.ReadAllBytes(path, limits), path, limits);
    }

    /// <summary>Reads labels, one per byte (0 … 255, unchecked here).</summary>
    /// <param name="path">An IDX1 unsigned-byte file, gzipped or not.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">Wrong magic, no labels, or a length that disagrees with the header.</exception>
    public static int[] ReadLabels(string path) => ReadLabels(path, DataLimits.Default);

    /// <summary>As <see cref="ReadLabels(string)"/>, within <paramref name="limits"/>.</summary>
    public static int[] ReadLabels(string path, DataLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return ParseLabels(DataFile.ReadAllBytes(path, limits), path);
    }

    /// <summary>Reads an images file and its labels file into a data set (features /255).</summary>
    /// <param name="imagesPath">The IDX3 images.</param>
    /// <param name="labelsPath">The IDX1 labels, one per image.</param>
    /// <param name="classCount">C: every label must be in [0, C). 10 for MNIST and Fashion-MNIST.</param>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="InvalidDataException">A file is malformed, the counts differ, or a label is outside [0, C).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classCount"/> is not in [1, 256].</exception>
    public static Dataset Read(string imagesPath, string labelsPath, int classCount = 10)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(classCount, 256);
        int[] labels = ReadLabels(labelsPath);
        return ParseDataset(DataFile.ReadAllBytes(imagesPath, DataLimits.Default), imagesPath, labels, labelsPath, classCount, DataLimits.Default);
    }

    /// <summary>Parses an images file and pairs it with its labels: a data set of (1, rows, columns) samples, whose
    /// <see cref="Dataset.Features"/> are the flat (N, rows·columns) view MLPs take.</summary>
    internal static Dataset ParseDataset(byte[] images, string imagesSource, int[] labels, string labelsSource, int classCount, DataLimits limits)
    {
        Tensor pixels = ParseImages(images, imagesSource, limits);
        // The header was checked by ParseImages: dimensions at bytes 8 and 12, big-endian.
        int rows = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(images.AsSpan(8));
        int columns = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(images.AsSpan(12));
        return Combine(pixels, imagesSource, labels, labelsSource, classCount).WithSampleShape(1, rows, columns);
    }

    /// <summary>Pairs parsed images and labels, checking the counts and the label range.</summary>
    internal static Dataset Combine(Tensor images, string imagesSource, int[] labels, string labelsSource, int classCount)
    {
        if (images.Rows != labels.Length)
        {
            throw new InvalidDataException(
                $"{imagesSource} has {images.Rows} images but {labelsSource} has {labels.Length} labels; the counts must agree.");
        }

        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= classCount)
            {
                throw new InvalidDataException($"{labelsSource}: label {labels[i]} at index {i} is outside [0, {classCount}).");
            }
        }

        return new Dataset(images, labels, classCount);
    }

    /// <summary>Parses the bytes of an IDX3 images file; <paramref name="source"/> names it in errors.</summary>
    internal static Tensor ParseImages(byte[] data, string source) => ParseImages(data, source, DataLimits.Default);

    /// <summary>As <see cref="ParseImages(byte[], string)"/>, checking the tensor against <paramref name="limits"/>.</summary>
    internal static Tensor ParseImages(byte[] data, string source, DataLimits limits)
    {
        ReadOnlySpan<byte> body = CheckHeader(data, source, ImagesMagic, "images", out ReadOnlySpan<int> sizes);
        limits.CheckTensor(sizes[0], (long)sizes[1] * sizes[2], source, "the images");
        int count = sizes[0], pixels = sizes[1] * sizes[2];
        var images = new Tensor(count, pixels);
        Span<double> values = images.AsSpan();
        for (int i = 0; i < body.Length; i++)
        {
            values[i] = body[i] / 255.0;
        }

        return images;
    }

    /// <summary>Parses the bytes of an IDX1 labels file; <paramref name="source"/> names it in errors.</summary>
    internal static int[] ParseLabels(byte[] data, string source)
    {
        ReadOnlySpan<byte> body = CheckHeader(data, source, LabelsMagic, "labels", out _);
        var labels = new int[body.Length];
        for (int i = 0; i < body.Length; i++)
        {
            labels[i] = body[i];
        }

        return labels;
    }

    /// <summary>Checks the magic, the sizes and the exact length; returns the element bytes and the sizes.</summary>
    private static ReadOnlySpan<byte> CheckHeader(byte[] data, string source, uint expectedMagic, string kind, out ReadOnlySpan<int> sizes)
    {
        if (data.Length < 4)
        {
            throw new InvalidDataException($"{source}: {data.Length} bytes is too short for an IDX {kind} file (truncated header).");
        }

        uint magic = BinaryPrimitives.ReadUInt32BigEndian(data);
        if (magic != expectedMagic)
        {
            throw new InvalidDataException(
                $"{source}: magic number 0x{magic:X8} is not that of an IDX {kind} file (expected 0x{expectedMagic:X8}).");
        }

        int dims = (int)(magic & 0xff);
        int headerLength = 4 + (4 * dims);
        if (data.Length < headerLength)
        {
            throw new InvalidDataException(
                $"{source}: {data.Length} bytes is too short for the {headerLength}-byte header of an IDX {kind} file (truncated header).");
        }

        var dimensions = new int[dims];
        UInt128 expectedLength = (UInt128)headerLength;
        UInt128 elements = 1;
        for (int d = 0; d < dims; d++)
        {
            uint size = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(4 + (4 * d)));
            if (size == 0 || size > int.MaxValue)
            {
                throw new InvalidDataException($"{source}: dimension {d} of the {kind} has size {size}; it must be in [1, {int.MaxValue}].");
            }

            dimensions[d] = (int)size;
            elements *= size; // at most (2^31)^3 < 2^128: cannot overflow
        }

        expectedLength += elements;
        if ((UInt128)data.Length != expectedLength)
        {
            string shape = string.Join(" × ", dimensions);
            string problem = (UInt128)data.Length < expectedLength
                ? "it is truncated"
                : $"it has {(UInt128)data.Length - expectedLength} trailing bytes";
            throw new InvalidDataException(
                $"{source}: the header declares {kind} of {shape} = {elements} bytes after a {headerLength}-byte header " +
                $"({expectedLength} bytes in all), but the content has {data.Length} bytes: {problem}.");
        }

        sizes = dimensions;
        return data.AsSpan(headerLength);
    }
}
