using System.Globalization;

namespace TinyTensor.Data;

/// <summary>
/// Loads a data set from any supported file, choosing the reader from the content: what a command line's
/// <c>--data PATH</c> needs (the CLI resolves the bundled names through the TinyTensor.Datasets package first).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>An IDX file, recognised by its magic (two zero bytes, the element type, the number of dimensions), whatever
/// its name, gzipped or not. Unsigned-byte images (0x00000803) are read; their labels file is found next to them by
/// replacing <c>images</c> with <c>labels</c> and <c>idx3</c> with <c>idx1</c> in the file name
/// (<c>train-images-idx3-ubyte.gz</c> → <c>train-labels-idx1-ubyte.gz</c>); 10 classes. Any other IDX file (labels,
/// another element type, another number of dimensions) is an error that says what it is.</item>
/// <item>A file named <c>*.bin</c> or <c>*.bin.gz</c>: a CIFAR-10 binary batch.</item>
/// <item>Anything else: CSV with the label in the last column (or <see cref="DataFileOptions.LabelColumn"/>) and a
/// detected header.</item>
/// </list>
/// <para>Pipes, FIFOs and <c>/dev/stdin</c> are read like files (CSV or IDX; the content decides); a directory is
/// an <see cref="IOException"/> that says so. Every read is bounded by <see cref="DataLimits"/>.</para>
/// </remarks>
public static class DatasetFiles
{
    /// <summary>Loads <paramref name="path"/> (see the remarks).</summary>
    /// <param name="path">A data file (the bundled data sets are in the TinyTensor.Datasets package: <c>BuiltInDatasets</c>).</param>
    /// <param name="csvFeatureScale">For a CSV file, the divisor of every feature (see <see cref="DataFileOptions.CsvFeatureScale"/>).</param>
    /// <exception cref="FileNotFoundException">There is no such file, or an IDX images file whose
    /// labels file is missing.</exception>
    /// <exception cref="IOException">The path is a directory.</exception>
    /// <exception cref="InvalidDataException">The file is malformed or too large, or it is an IDX labels file (give the images).</exception>
    public static Dataset Load(string path, double csvFeatureScale = 1.0) =>
        Load(path, new DataFileOptions { CsvFeatureScale = csvFeatureScale });

    /// <summary>Loads <paramref name="path"/> as a labelled data set (see the remarks).</summary>
    /// <inheritdoc cref="Load(string, double)" path="/exception"/>
    public static Dataset Load(string path, DataFileOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        DataLimits limits = options.Limits ?? DataLimits.Default;
        byte[] content = ReadFile(path, options, limits);
        if (IsCifar(path))
        {
            return CifarReader.Parse([content], [path], limits);
        }

        if (IdxHeader.Kind(content) is { } idx)
        {
            IdxHeader.RequireImages(idx, path);
            string labelsPath = LabelsPathFor(path);
            int[] labels = IdxReader.ParseLabels(DataFile.ReadAllBytes(labelsPath, limits), labelsPath);
            return IdxReader.ParseDataset(content, path, labels, labelsPath, 10, limits);
        }

        CsvTable table = CsvReader.Parse(content, path, options.CsvFeatureScale, CsvLabelOf(options.LabelColumn), 0, CsvHeader.Detect, limits);
        return new Dataset(table.Features, table.Labels!, table.ClassCount);
    }

    /// <summary>Loads only the features of <paramref name="path"/>, for prediction: IDX images need no labels
    /// file, and a CSV file may have no label column.</summary>
    /// <param name="path">A data file (the bundled data sets are in the TinyTensor.Datasets package: <c>BuiltInDatasets</c>).</param>
    /// <param name="featureCount">The features per sample the caller expects (the model's inputs). A CSV file with
    /// exactly this many columns has no label; with one more, the label column (the last, or
    /// <see cref="DataFileOptions.LabelColumn"/>) is dropped.</param>
    /// <param name="options">The CSV label column and scale, the limits.</param>
    /// <returns>(N, D) features.</returns>
    /// <inheritdoc cref="Load(string, double)" path="/exception"/>
    public static Tensor LoadFeatures(string path, int featureCount, DataFileOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        DataLimits limits = options.Limits ?? DataLimits.Default;
        byte[] content = ReadFile(path, options, limits);
        if (IsCifar(path))
        {
            return CifarReader.Parse([content], [path], limits).Features;
        }

        if (IdxHeader.Kind(content) is { } idx)
        {
            IdxHeader.RequireImages(idx, path);
            return IdxReader.ParseImages(content, path, limits);
        }

        CsvLabel label = options.LabelColumn is null ? new CsvLabel(CsvLabel.NoLabel, null) : CsvLabelOf(options.LabelColumn);
        CsvTable table = CsvReader.Parse(content, path, options.CsvFeatureScale, label, 0, CsvHeader.Detect, limits);
        if (options.LabelColumn is null && table.Features.Columns == featureCount + 1)
        {
            // One column more than the model takes: the last one is the label, as in training data.
            table = CsvReader.Parse(content, path, options.CsvFeatureScale, new CsvLabel(CsvReader.LastColumn, null), 0, CsvHeader.Detect, limits);
        }

        return table.Features;
    }

    /// <summary>The files <see cref="Load(string, DataFileOptions)"/> reads for <paramref name="path"/> (the
    /// file, and an IDX images file's labels file when it exists). For checking that an
    /// output does not overwrite an input.</summary>
    public static IReadOnlyList<string> InputFiles(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string labels = LabelsNameFor(path);
        return labels != path && File.Exists(labels) ? [path, labels] : [path];
    }

    /// <summary>The labels file of an IDX images file: <c>images</c> → <c>labels</c> and <c>idx3</c> → <c>idx1</c>
    /// in the file name.</summary>
    /// <exception cref="FileNotFoundException">The name has neither part, or that file does not exist.</exception>
    public static string LabelsPathFor(string imagesPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(imagesPath);
        string labelsPath = LabelsNameFor(imagesPath);
        if (labelsPath == imagesPath)
        {
            throw new FileNotFoundException(
                $"No labels file for the IDX images {imagesPath}: labels are found by replacing 'images' with 'labels' and 'idx3' with 'idx1' in the file name, " +
                "and this name has neither (rename the pair, e.g. train-images-idx3-ubyte and train-labels-idx1-ubyte).", imagesPath);
        }

        if (!File.Exists(labelsPath))
        {
            throw new FileNotFoundException(
                $"No labels file for the IDX images {imagesPath}: expected {labelsPath} (the name with images → labels, idx3 → idx1).", labelsPath);
        }

        return labelsPath;
    }

    private static string LabelsNameFor(string imagesPath)
    {
        string name = Path.GetFileName(imagesPath);
        string labelsName = name.Replace("images", "labels", StringComparison.Ordinal).Replace("idx3", "idx1", StringComparison.Ordinal);
        return labelsName == name ? imagesPath : Path.Combine(Path.GetDirectoryName(imagesPath) ?? "", labelsName);
    }

    private static bool IsCifar(string path)
    {
        string name = Path.GetFileName(path);
        return name.EndsWith(".bin", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".bin.gz", StringComparison.OrdinalIgnoreCase);
    }

    private static byte[] ReadFile(string path, DataFileOptions options, DataLimits limits)
    {
        CsvReader.CheckArguments(options.CsvFeatureScale, CsvReader.LastColumn, 0);
        try
        {
            return DataFile.ReadAllBytes(path, limits);
        }
        catch (FileNotFoundException) when (!Path.Exists(path))
        {
            throw new FileNotFoundException(
                $"Data file not found: {path}", path);
        }
    }

    /// <summary>"12" → column 12; anything else is a header name.</summary>
    private static CsvLabel CsvLabelOf(string? column)
    {
        if (column is null)
        {
            return new CsvLabel(CsvReader.LastColumn, null);
        }

        return int.TryParse(column, NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            ? new CsvLabel(index, null)
            : new CsvLabel(CsvReader.LastColumn, column);
    }
}
