using System.Globalization;
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
/// <para><b>Header.</b> With <see cref="CsvHeader.Detect"/> the first non-blank line is a header only when every one
/// of its cells is non-empty text that is not a number; otherwise it is data, and a bad cell in it is the same error
/// as a bad cell on any other line (it is never dropped silently).</para>
/// <para><b>Memory.</b> The file is parsed from its bytes (UTF-8, with or without a byte-order mark; UTF-16 with a
/// byte-order mark is converted first) into one (N, D) tensor allocated once, after N and D are known and checked
/// against <see cref="DataLimits"/>; a label that would make more than <see cref="DataLimits.MaxClasses"/> classes
/// is an error.</para>
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
    /// <param name="limits">What the reader may allocate; <see cref="DataLimits.Default"/> when null.</param>
    /// <returns>A data set with (N, columns − 1) features.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The content is malformed or exceeds the limits (see the remarks).</exception>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static Dataset Read(string path, double featureScale = 1.0, int labelColumn = LastColumn, int classCount = 0,
        CsvHeader header = CsvHeader.Detect, DataLimits? limits = null)
    {
        CheckArguments(featureScale, labelColumn, classCount);
        limits ??= DataLimits.Default;
        return ToDataset(Parse(DataFile.ReadAllBytes(path, limits), path, featureScale, new CsvLabel(labelColumn, null), classCount, header, limits), path);
    }

    /// <summary>Reads the file at <paramref name="path"/>, whose label column is the header cell
    /// <paramref name="labelColumnName"/> (the file needs a header); otherwise as
    /// <see cref="Read(string, double, int, int, CsvHeader, DataLimits)"/>.</summary>
    /// <exception cref="InvalidDataException">No header, or no header cell is called <paramref name="labelColumnName"/>;
    /// or the content is malformed.</exception>
    public static Dataset Read(string path, string labelColumnName, double featureScale = 1.0, int classCount = 0,
        CsvHeader header = CsvHeader.Detect, DataLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(labelColumnName);
        CheckArguments(featureScale, LastColumn, classCount);
        limits ??= DataLimits.Default;
        return ToDataset(Parse(DataFile.ReadAllBytes(path, limits), path, featureScale, new CsvLabel(LastColumn, labelColumnName), classCount, header, limits), path);
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

    /// <summary>Parses the bytes of a CSV file with the label at <paramref name="labelColumn"/>; <paramref name="source"/>
    /// names it in errors.</summary>
    internal static Dataset Parse(byte[] content, string source, double featureScale, int labelColumn, int classCount, CsvHeader header) =>
        ToDataset(Parse(content, source, featureScale, new CsvLabel(labelColumn, null), classCount, header, DataLimits.Default), source);

    /// <summary>Parses the bytes of a CSV file into features and (unless <paramref name="label"/> is
    /// <see cref="CsvLabel.None"/>) labels.</summary>
    internal static CsvTable Parse(byte[] content, string source, double featureScale, CsvLabel label, int classCount, CsvHeader header, DataLimits limits)
    {
        ReadOnlySpan<byte> text = Utf8(content);

        // Pass 1: the first non-blank line (header or data) and the number of non-blank lines.
        int nonBlank = 0, firstLineNumber = 0, lineNumber = 0;
        ReadOnlySpan<byte> firstLine = default;
        foreach (ReadOnlySpan<byte> line in new CsvLines(text))
        {
            lineNumber++;
            if (IsBlank(line))
            {
                continue;
            }

            if (nonBlank++ == 0)
            {
                firstLine = line;
                firstLineNumber = lineNumber;
            }
        }

        if (nonBlank == 0)
        {
            throw new InvalidDataException($"{source}: the file has no data rows.");
        }

        int columns = CountCells(firstLine);
        bool hasHeader = header == CsvHeader.Present || (header == CsvHeader.Detect && AllText(firstLine));
        int labelIndex = ResolveLabel(label, firstLine, hasHeader, columns, source, firstLineNumber);
        int rows = nonBlank - (hasHeader ? 1 : 0);
        if (rows == 0)
        {
            throw new InvalidDataException($"{source}: the file has no data rows (only the header on line {firstLineNumber}).");
        }

        int featureCount = labelIndex >= 0 ? columns - 1 : columns;
        limits.CheckTensor(rows, featureCount, source, "the features");
        var features = new Tensor(rows, featureCount);
        int[]? labels = labelIndex >= 0 ? new int[rows] : null;
        Span<double> values = features.AsSpan();

        // Pass 2: the values.
        int row = 0, maxLabel = 0, at = 0;
        lineNumber = 0;
        bool skipHeader = hasHeader;
        foreach (ReadOnlySpan<byte> line in new CsvLines(text))
        {
            lineNumber++;
            if (IsBlank(line))
            {
                continue;
            }

            if (skipHeader)
            {
                skipHeader = false;
                continue; // a header fixes the column count too
            }

            int cellCount = CountCells(line);
            if (cellCount != columns)
            {
                throw new InvalidDataException(
                    $"{source}: line {lineNumber} has {cellCount} columns, but the first line has {columns} (ragged rows).");
            }

            int column = 0;
            foreach (Range range in line.Split((byte)','))
            {
                ReadOnlySpan<byte> cell = Trim(line[range]);
                if (column == labelIndex)
                {
                    int value = ParseLabel(cell, source, lineNumber, column, classCount, limits);
                    labels![row] = value;
                    maxLabel = Math.Max(maxLabel, value);
                }
                else
                {
                    values[at++] = ParseNumber(cell, source, lineNumber, column) / featureScale;
                }

                column++;
            }

            row++;
        }

        return new CsvTable(features, labels, classCount == 0 ? maxLabel + 1 : classCount);
    }

    private static Dataset ToDataset(CsvTable table, string source) =>
        table.Labels is { } labels
            ? new Dataset(table.Features, labels, table.ClassCount)
            : throw new InvalidDataException($"{source}: the file has no label column.");

    /// <summary>The 0-based label column, or −1 for none.</summary>
    private static int ResolveLabel(CsvLabel label, ReadOnlySpan<byte> firstLine, bool hasHeader, int columns, string source, int lineNumber)
    {
        if (label.Name is { } name)
        {
            if (!hasHeader)
            {
                throw new InvalidDataException($"{source}: the label column is named '{name}', but the file has no header row (line {lineNumber} is data).");
            }

            int column = 0;
            var names = new List<string>();
            foreach (Range range in firstLine.Split((byte)','))
            {
                string cell = Encoding.UTF8.GetString(Trim(firstLine[range]));
                if (string.Equals(cell, name, StringComparison.Ordinal))
                {
                    return CheckColumns(column, columns, source, lineNumber);
                }

                names.Add(cell);
                column++;
            }

            string shown = names.Count <= 8 ? string.Join(", ", names) : string.Join(", ", names.Take(8)) + $", … ({names.Count} columns)";
            throw new InvalidDataException($"{source}: no column is called '{name}'; the header on line {lineNumber} has {shown}.");
        }

        if (label.Index == CsvLabel.NoLabel)
        {
            return -1;
        }

        int index = label.Index == LastColumn ? columns - 1 : label.Index;
        if (index >= columns)
        {
            throw new InvalidDataException($"{source}: label column {label.Index} does not exist; the rows have {columns} columns.");
        }

        return CheckColumns(index, columns, source, lineNumber);
    }

    private static int CheckColumns(int labelIndex, int columns, string source, int lineNumber)
    {
        if (columns < 2)
        {
            throw new InvalidDataException($"{source}: line {lineNumber} has {columns} column; a label and at least one feature are needed.");
        }

        return labelIndex;
    }

    /// <summary>The content as UTF-8 without a byte-order mark (UTF-16 with a mark is converted).</summary>
    private static ReadOnlySpan<byte> Utf8(byte[] content)
    {
        ReadOnlySpan<byte> bytes = content;
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return bytes[3..];
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Encoding.UTF8.GetBytes(Encoding.Unicode.GetString(bytes[2..]));
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Encoding.UTF8.GetBytes(Encoding.BigEndianUnicode.GetString(bytes[2..]));
        }

        return bytes;
    }

    private static bool IsBlank(ReadOnlySpan<byte> line) => Trim(line).IsEmpty;

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> cell) => cell.Trim(" \t\r\v\f"u8);

    private static int CountCells(ReadOnlySpan<byte> line) => line.Count((byte)',') + 1;

    /// <summary>Whether every cell is non-empty text that does not parse as a number: only then is it a header.</summary>
    private static bool AllText(ReadOnlySpan<byte> line)
    {
        foreach (Range range in line.Split((byte)','))
        {
            ReadOnlySpan<byte> cell = Trim(line[range]);
            if (cell.IsEmpty || double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                return false;
            }
        }

        return true;
    }

    private static double ParseNumber(ReadOnlySpan<byte> cell, string source, int line, int column)
    {
        if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            throw new InvalidDataException($"{source}: line {line}, column {column + 1}: {Quote(cell)} is not a finite number.");
        }

        return value;
    }

    private static int ParseLabel(ReadOnlySpan<byte> cell, string source, int line, int column, int classCount, DataLimits limits)
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

        if (classCount == 0)
        {
            limits.CheckClasses(value + 1L, source, $"line {line}, column {column + 1}: label {value}");
        }

        return value;
    }

    private static string Quote(ReadOnlySpan<byte> cell)
    {
        string text = Encoding.UTF8.GetString(cell);
        return text.Length <= MaxQuotedCell ? $"'{text}'" : $"'{text[..MaxQuotedCell]}…' ({text.Length} characters)";
    }

    /// <summary>The lines of UTF-8 text, split at '\n' (a '\r' before it is trimmed with the cells' spaces).</summary>
    private ref struct CsvLines(ReadOnlySpan<byte> text)
    {
        private ReadOnlySpan<byte> _rest = text;
        private bool _done = text.IsEmpty;

        public ReadOnlySpan<byte> Current { get; private set; }

        public readonly CsvLines GetEnumerator() => this;

        public bool MoveNext()
        {
            if (_done)
            {
                return false;
            }

            int newline = _rest.IndexOf((byte)'\n');
            if (newline < 0)
            {
                Current = _rest;
                _done = true;
                return true;
            }

            Current = _rest[..newline];
            _rest = _rest[(newline + 1)..];
            _done = _rest.IsEmpty;
            return true;
        }
    }
}
