namespace TinyTensor.Data;

/// <summary>Whether the first non-blank line of a CSV file is a header of column names.</summary>
public enum CsvHeader
{
    /// <summary>The first non-blank line is a header if any of its cells is not a number.</summary>
    Detect,

    /// <summary>The first non-blank line is a header and is skipped, whatever it holds.</summary>
    Present,

    /// <summary>There is no header: every line is data, and a non-numeric cell on the first line is an error.</summary>
    Absent,
}
