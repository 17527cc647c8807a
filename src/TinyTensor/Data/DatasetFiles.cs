using System.Buffers.Binary;

namespace TinyTensor.Data;

/// <summary>
/// Loads a data set from any supported file, choosing the reader from the content: what a command line's
/// <c>--data PATH</c> needs (bundled names such as <c>digits</c> are the TinyTensor.Datasets package's
/// <c>BuiltInDatasets</c>).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>An IDX images file (magic 0x00000803, gzipped or not): its labels file is found next to it by replacing
/// <c>images</c> with <c>labels</c> and <c>idx3</c> with <c>idx1</c> in the file name
/// (<c>train-images-idx3-ubyte.gz</c> → <c>train-labels-idx1-ubyte.gz</c>); 10 classes.</item>
/// <item>A file named <c>*.bin</c> or <c>*.bin.gz</c>: a CIFAR-10 binary batch.</item>
/// <item>Anything else: CSV with the label in the last column and a detected header.</item>
/// </list>
/// </remarks>
public static class DatasetFiles
{
    /// <summary>Loads <paramref name="nameOrPath"/> (see the remarks).</summary>
    /// <param name="nameOrPath">A file path.</param>
    /// <param name="csvFeatureScale">For a CSV file, the divisor of every feature (see <see cref="CsvReader.Read"/>).</param>
    /// <exception cref="FileNotFoundException">There is no such file, or an IDX images file's labels file is missing.</exception>
    /// <exception cref="InvalidDataException">The file is malformed, or it is an IDX labels file (give the images).</exception>
    public static Dataset Load(string nameOrPath, double csvFeatureScale = 1.0)
    {
        ArgumentException.ThrowIfNullOrEmpty(nameOrPath);
        if (!File.Exists(nameOrPath))
        {
            throw new FileNotFoundException($"Data file not found: {nameOrPath}", nameOrPath);
        }

        CsvReader.CheckArguments(csvFeatureScale, CsvReader.LastColumn, 0);
        byte[] content = DataFile.ReadAllBytes(nameOrPath);
        uint magic = content.Length >= 4 ? BinaryPrimitives.ReadUInt32BigEndian(content) : 0;
        if (magic == IdxReader.ImagesMagic)
        {
            string labelsPath = LabelsPathFor(nameOrPath);
            int[] labels = IdxReader.ReadLabels(labelsPath);
            return IdxReader.Combine(IdxReader.ParseImages(content, nameOrPath), nameOrPath, labels, labelsPath, 10);
        }

        if (magic == IdxReader.LabelsMagic)
        {
            throw new InvalidDataException($"{nameOrPath} is an IDX labels file; give the images file (its labels are found next to it).");
        }

        string name = Path.GetFileName(nameOrPath);
        if (name.EndsWith(".bin", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".bin.gz", StringComparison.OrdinalIgnoreCase))
        {
            return CifarReader.Read(nameOrPath);
        }

        return CsvReader.Parse(content, nameOrPath, csvFeatureScale, CsvReader.LastColumn, 0, CsvHeader.Detect);
    }

    /// <summary>The labels file of an IDX images file: <c>images</c> → <c>labels</c> and <c>idx3</c> → <c>idx1</c>
    /// in the file name.</summary>
    /// <exception cref="FileNotFoundException">The name has neither part, or that file does not exist.</exception>
    public static string LabelsPathFor(string imagesPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(imagesPath);
        string name = Path.GetFileName(imagesPath);
        string labelsName = name.Replace("images", "labels", StringComparison.Ordinal).Replace("idx3", "idx1", StringComparison.Ordinal);
        string labelsPath = Path.Combine(Path.GetDirectoryName(imagesPath) ?? "", labelsName);
        if (labelsName == name || !File.Exists(labelsPath))
        {
            throw new FileNotFoundException(
                $"No labels file for the IDX images {imagesPath}: expected {labelsPath} (the name with images → labels, idx3 → idx1).", labelsPath);
        }

        return labelsPath;
    }
}
