namespace TinyTensor.Data;

/// <summary>
/// The data sets bundled with TinyTensor (the repository's <c>data/</c> folder), loaded by name without any file on
/// disk: they are embedded in the TinyTensor.Datasets assembly (its own package, so the core library carries no data).
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term><c>digits</c></term><description>UCI optical digits: 1,797 × 64 features (8×8 pixels 0 … 16, divided by
/// 16 to [0, 1]), 10 classes. CC BY 4.0, Alpaydin &amp; Kaynak, UCI ML Repository.</description></item>
/// <item><term><c>mnist</c></term><description>A 10,000-image MNIST subset: 10,000 × 784 features (28×28 pixels,
/// divided by 255 to [0, 1]), 10 classes. CC BY-SA 3.0, LeCun, Cortes &amp; Burges.</description></item>
/// </list>
/// <para>Each call parses the embedded file again and returns a new <see cref="Dataset"/> the caller owns.</para>
/// </remarks>
public static class BuiltInDatasets
{
    private const string DigitsResource = "TinyTensor.Data.digits.csv.gz";
    private const string MnistImagesResource = "TinyTensor.Data.mnist10k.images-idx3-ubyte.gz";
    private const string MnistLabelsResource = "TinyTensor.Data.mnist10k.labels-idx1-ubyte.gz";

    /// <summary>The names <see cref="Load"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["digits", "mnist"];

    /// <summary>Whether <paramref name="name"/> is a bundled data set (case-insensitive).</summary>
    public static bool Contains(string name) => Names.Contains(name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Loads a bundled data set by name (case-insensitive): <c>digits</c> or <c>mnist</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a bundled data set.</exception>
    public static Dataset Load(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.ToUpperInvariant() switch
        {
            "DIGITS" => Digits(),
            "MNIST" => Mnist(),
            _ => throw new ArgumentException(
                $"BuiltInDatasets: no bundled data set is called '{name}'; the names are {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    /// <summary>The UCI digits: (1797, 64) features in [0, 1] (pixels / 16), labels 0 … 9.</summary>
    public static Dataset Digits()
    {
        byte[] content = ReadResource(DigitsResource);
        return CsvReader.Parse(content, DigitsResource, featureScale: 16.0, CsvReader.LastColumn, classCount: 10, CsvHeader.Absent);
    }

    /// <summary>The MNIST subset: 10000 (1, 28, 28) images, flat (10000, 784) features, in [0, 1] (pixels / 255), labels 0 … 9.</summary>
    public static Dataset Mnist()
    {
        int[] labels = IdxReader.ParseLabels(ReadResource(MnistLabelsResource), MnistLabelsResource);
        return IdxReader.ParseDataset(ReadResource(MnistImagesResource), MnistImagesResource, labels, MnistLabelsResource, classCount: 10, DataLimits.Default);
    }

    private static byte[] ReadResource(string name)
    {
        using Stream stream = typeof(BuiltInDatasets).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"BuiltInDatasets: the resource {name} is missing from {typeof(BuiltInDatasets).Assembly.GetName().Name}; the build did not embed data/.");
        return DataFile.ReadAllBytes(stream, name);
    }
}
