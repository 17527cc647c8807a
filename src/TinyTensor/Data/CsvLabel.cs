namespace TinyTensor.Data;

/// <summary>Where a CSV file's label is: a 0-based column, the last one (<see cref="CsvReader.LastColumn"/>), a header
/// cell's name, or nowhere (<see cref="NoLabel"/>: every column is a feature, for prediction).</summary>
internal readonly record struct CsvLabel(int Index, string? Name)
{
    /// <summary>The <see cref="Index"/> meaning "no label column".</summary>
    public const int NoLabel = -2;

    /// <summary>Every column is a feature.</summary>
    public static CsvLabel None => new(NoLabel, null);
}
