namespace TinyTensor.Data;

/// <summary>How <see cref="DatasetFiles"/> reads a file: the CSV label column and scale, and the memory limits.</summary>
public sealed record DataFileOptions
{
    /// <summary>For a CSV file, the divisor of every feature (see <see cref="CsvReader.Read(string, double, int, int, CsvHeader, DataLimits)"/>).</summary>
    public double CsvFeatureScale { get; init; } = 1.0;

    /// <summary>For a CSV file, the label column: null for the last one, a 0-based index ("0", "12"), or a header
    /// cell's name.</summary>
    public string? LabelColumn { get; init; }

    /// <summary>What a reader may allocate; null for <see cref="DataLimits.Default"/>.</summary>
    public DataLimits? Limits { get; init; }
}
