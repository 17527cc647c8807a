using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace TinyTensor.Data;

/// <summary>
/// Reads a comma-separated file of numbers with one label column into a <see cref="Dataset"/>, gzipped or not
/// (detected by the 1f 8b magic).
/// </summary>
/// <remarks>
/// <para>Every row has the same number of cells: the label (an integer ≥ 0) in the label column, and numbers
/// (invariant culture, e.g. <c>0.5</c>, <c>-3</c>, <c>1e-3</c>) in the others, which become the features in their
/// file order. Cells may be surrounded by spaces; blank lines are skipped; quoting is not supported.</para>
/// <para>Every problem with the content throws <see cref="InvalidDataException"/> naming the file, the 1-based
/// line and column, and the cell: a non-numeric or non-finite cell, a non-integer or out-of-range label, a row with
/// a different number of cells (ragged), or no data rows. A missing file throws <see cref="FileNotFoundException"/>.</para>
/// </remarks>
public static class CsvReader
{
    /// <summary>The <c>labelColumn</c> value meaning "the last column".</summary>
    public const int LastColumn = -1;

    /// <summary>The longest cell text quoted in an error message.</summary>
    private const int MaxQuotedCell = 40;

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <param name="path">A CSV file, gzipped or not.</param>
    /// <param name="featureScale">Every feature is divided by this value, the one that should map to 1: 16 for the
    /// UCI digits' 0 … 16 pixels, 255 for bytes, 1 to keep the values. Must be finite and &gt; 0.</param>
    /// <param name="labelColumn">The 0-based index of the label column, or <see cref="LastColumn"/>.</param>
    /// <param name="classCount">C: labels must be in [0, C); 0 infers C = largest label + 1.</param>
    /// <param name="header">Whether the first non-blank line is a header.</param>
    /// <returns>A data set with (N, columns − 1) features.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The content is malformed (see the remarks).</exception>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static Dataset Read(string path, double featureScale = 1.0, int labelColumn = LastColumn, int classCount = 0,
        CsvHeader header = CsvHeader.Detect)
    {
        CheckArguments(featureScale, labelColumn, classCount);
        return Parse(DataFile.ReadAllBytes(path), path, featureScale, labelColumn, classCount, header);
    }

    /// <summary>Validates the arguments before any file is read.</summary>
    internal static void CheckArguments(double featureScale, int labelColumn, int classCount)
    {
        if (!(featureScale > 0.0) || !double.IsFinite(featureScale))
        {
            throw new ArgumentOutOfRangeException(nameof(featureScale), featureScale,
                $"CsvReader: the feature scale must be finite and > 0, got {featureScale}.");
        }

        if (labelColumn < LastColumn)
        {
            throw new ArgumentOutOfRangeException(nameof(labelColumn), labelColumn,
                $"CsvReader: the label column must be a 0-based index or CsvReader.LastColumn (-1), got {labelColumn}.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(classCount);
    }

    /// <summary>Parses the bytes of a CSV file; <paramref name="source"/> names it in errors.</summary>
    internal static Dataset Parse(byte[] content, string source, double featureScale, int labelColumn, int classCount, CsvHeader header)
    {
        using var reader = new StreamReader(new MemoryStream(content, writable: false), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var features = new List<double>();
        var labels = new List<int>();
        int columns = 0, label = 0, firstDataLine = 0, lineNumber = 0, maxLabel = 0;
        bool first = true;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            ReadOnlySpan<char> text = line.AsSpan();
            if (text.IsWhiteSpace())
            {
                continue;
            }

            if (first)
            {
                first = false;
                columns = CountCells(text);
                if (header == CsvHeader.Present || (header == CsvHeader.Detect && !AllNumeric(text)))
                {
                    continue; // a header fixes the column count too
                }
            }

            if (firstDataLine == 0)
            {
                firstDataLine = lineNumber;
                if (columns < 2)
                {
                    throw new InvalidDataException($"{source}: line {lineNumber} has {columns} column; a label and at least one feature are needed.");
                }

                label = labelColumn == LastColumn ? columns - 1 : labelColumn;
                if (label >= columns)
                {
                    throw new InvalidDataException($"{source}: label column {labelColumn} does not exist; the rows have {columns} columns.");
                }
            }

            int cellCount = CountCells(text);
            if (cellCount != columns)
            {
                throw new InvalidDataException(
                    $"{source}: line {lineNumber} has {cellCount} columns, but the first line has {columns} (ragged rows).");
            }

            int column = 0;
            foreach (Range range in text.Split(','))
            {
                ReadOnlySpan<char> cell = text[range].Trim();
                if (column == label)
                {
                    int value = ParseLabel(cell, source, lineNumber, column, classCount);
                    labels.Add(value);
                    maxLabel = Math.Max(maxLabel, value);
                }
                else
                {
                    features.Add(ParseNumber(cell, source, lineNumber, column) / featureScale);
                }

                column++;
            }
        }

        if (labels.Count == 0)
        {
            throw new InvalidDataException($"{source}: the file has no data rows.");
        }

        var tensor = new Tensor(labels.Count, columns - 1);
        CollectionsMarshal.AsSpan(features).CopyTo(tensor.AsSpan());
        return new Dataset(tensor, CollectionsMarshal.AsSpan(labels), classCount == 0 ? maxLabel + 1 : classCount);
    }

    private static int CountCells(ReadOnlySpan<char> text) => text.Count(',') + 1;

    private static bool AllNumeric(ReadOnlySpan<char> text)
    {
        foreach (Range range in text.Split(','))
        {
            if (!double.TryParse(text[range].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                return false;
            }
        }

        return true;
    }

    private static double ParseNumber(ReadOnlySpan<char> cell, string source, int line, int column)
    {
        if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            throw new InvalidDataException($"{source}: line {line}, column {column + 1}: {Quote(cell)} is not a finite number.");
        }

        return value;
    }

    private static int ParseLabel(ReadOnlySpan<char> cell, string source, int line, int column, int classCount)
    {
        if (!int.TryParse(cell, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
        {
            // Accept integral numbers written as floats ("3.0"); reject anything else.
            if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double number)
                || number != Math.Floor(number) || !(Math.Abs(number) <= int.MaxValue))
            {
                throw new InvalidDataException($"{source}: line {line}, column {column + 1}: label {Quote(cell)} is not an integer.");
            }

            value = (int)number;
        }

        if (value < 0 || value == int.MaxValue || (classCount > 0 && value >= classCount))
        {
            string range = classCount > 0 ? $"[0, {classCount})" : "[0, ∞)";
            throw new InvalidDataException($"{source}: line {line}, column {column + 1}: label {value} is outside {range}.");
        }

        return value;
    }

    private static string Quote(ReadOnlySpan<char> cell) =>
        cell.Length <= MaxQuotedCell ? $"'{cell}'" : $"'{cell[..MaxQuotedCell]}…' ({cell.Length} characters)";
}
