namespace TinyTensor.Data;

/// <summary>
/// Reads CIFAR-10 binary batches (<c>data_batch_1.bin</c> … <c>test_batch.bin</c>), gzipped or not.
/// </summary>
/// <remarks>
/// <para>Format: a sequence of 3,073-byte records, each one label byte (0 … 9) followed by a 32×32 colour image as
/// 3,072 pixel bytes in channel-major order: the 1,024 red values (row-major), then green, then blue.</para>
/// <para>Features are (N, 3072) in that same channel-major order, each byte divided by 255.0. A file whose length
/// is not a positive multiple of 3,073, or a label above 9, throws <see cref="InvalidDataException"/> naming the
/// file; a missing file throws <see cref="FileNotFoundException"/>.</para>
/// </remarks>
public static class CifarReader
{
    /// <summary>The number of classes of CIFAR-10.</summary>
    public const int ClassCount = 10;

    /// <summary>Pixel bytes per image: 3 channels × 32 × 32.</summary>
    public const int ImageBytes = 3 * 32 * 32;

    /// <summary>Bytes per record: one label byte and the image.</summary>
    public const int RecordBytes = 1 + ImageBytes;

    /// <summary>Reads one batch file.</summary>
    /// <param name="path">A CIFAR-10 binary batch.</param>
    /// <returns>A data set of (N, 3072) features in [0, 1] and labels in [0, 10).</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The length is not a positive multiple of 3073, or a label is above 9.</exception>
    public static Dataset Read(string path) => Read([path]);

    /// <summary>As <see cref="Read(IReadOnlyList{string})"/>, within <paramref name="limits"/> (each file, its
    /// decompressed content and the (N, 3072) tensor).</summary>
    /// <exception cref="InvalidDataException">Also: a size exceeds the limits.</exception>
    public static Dataset Read(IReadOnlyList<string> paths, DataLimits limits)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(limits);
        RequireAny(paths);
        var contents = new byte[paths.Count][];
        for (int f = 0; f < paths.Count; f++)
        {
            contents[f] = DataFile.ReadAllBytes(paths[f], limits);
        }

        return Parse(contents, paths, limits);
    }

    /// <summary>Reads several batch files (e.g. the five training batches) into one data set, in the given order.</summary>
    /// <param name="paths">At least one CIFAR-10 binary batch.</param>
    /// <exception cref="ArgumentException">No path is given.</exception>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="InvalidDataException">A file is malformed (see <see cref="Read(string)"/>).</exception>
    public static Dataset Read(IReadOnlyList<string> paths) => Read(paths, DataLimits.Default);

    private static void RequireAny(IReadOnlyList<string> paths)
    {
        if (paths.Count == 0)
        {
            throw new ArgumentException("CifarReader.Read: give at least one batch file.", nameof(paths));
        }
    }

    /// <summary>Checks every file's records, then allocates the features of all of them at once.</summary>
    internal static Dataset Parse(byte[][] contents, IReadOnlyList<string> paths, DataLimits limits)
    {
        long total = 0;
        for (int f = 0; f < contents.Length; f++)
        {
            total += CheckRecords(contents[f], paths[f]);
        }

        limits.CheckTensor(total, ImageBytes, paths.Count == 1 ? paths[0] : $"{paths.Count} CIFAR-10 files", "the images");

        var features = new Tensor((int)total, ImageBytes);
        var labels = new int[total];
        Span<double> values = features.AsSpan();
        int record = 0;
        foreach (byte[] content in contents)
        {
            for (int offset = 0; offset < content.Length; offset += RecordBytes, record++)
            {
                labels[record] = content[offset];
                ReadOnlySpan<byte> pixels = content.AsSpan(offset + 1, ImageBytes);
                Span<double> row = values.Slice(record * ImageBytes, ImageBytes);
                for (int i = 0; i < pixels.Length; i++)
                {
                    row[i] = pixels[i] / 255.0;
                }
            }
        }

        // Each record stores its 1024 red, then green, then blue bytes row by row: PyTorch's (3, 32, 32) layout.
        return new Dataset(features, labels, ClassCount).WithSampleShape(3, 32, 32);
    }

    /// <summary>Checks the length and every label; returns the number of records.</summary>
    private static int CheckRecords(byte[] content, string source)
    {
        if (content.Length == 0 || content.Length % RecordBytes != 0)
        {
            throw new InvalidDataException(
                $"{source}: {content.Length} bytes is not a positive multiple of the {RecordBytes}-byte CIFAR-10 record " +
                $"({content.Length / RecordBytes} whole records and {content.Length % RecordBytes} bytes more): truncated or not a CIFAR-10 batch.");
        }

        int count = content.Length / RecordBytes;
        for (int r = 0; r < count; r++)
        {
            byte label = content[r * RecordBytes];
            if (label >= ClassCount)
            {
                throw new InvalidDataException(
                    $"{source}: record {r} (byte offset {(long)r * RecordBytes}) has label {label}; CIFAR-10 labels are 0 … 9.");
            }
        }

        return count;
    }
}
