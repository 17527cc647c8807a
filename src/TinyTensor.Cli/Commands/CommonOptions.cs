using System.CommandLine;
using System.Globalization;
using TinyTensor.Data;
using TinyTensor.IO;

namespace TinyTensor.Cli.Commands;

/// <summary>Options shared by several commands, and the checks that make their bad values one-line errors.</summary>
internal static class CommonOptions
{
    public static Option<string> Data() => new("--data", "-d")
    {
        Description = "The data: 'digits' or 'mnist' (bundled), or a path (a pipe or /dev/stdin too) to an IDX images file (labels beside it), a CIFAR-10 .bin batch or a CSV file.",
        Required = true,
        CustomParser = result => NonBlank(result, "--data", "a bundled data set's name (digits, mnist) or a file path"),
    };

    public static Option<FileInfo> Model() => new("--model", "-m")
    {
        Description = "A model file saved by 'tinytensor train --save' (safetensors).",
        Required = true,
        CustomParser = result =>
        {
            string? path = NonBlank(result, "--model", "the path of a model file");
            if (path is null)
            {
                return null;
            }

            try
            {
                return new FileInfo(path);
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
            {
                result.AddError($"--model: '{OptionValues.Shown(path)}' is not a valid path ({ex.Message})");
                return null;
            }
        },
    };

    /// <summary>The option's value, or an error naming it when the value is empty or blank.</summary>
    private static string? NonBlank(System.CommandLine.Parsing.ArgumentResult result, string option, string what)
    {
        string value = result.Tokens.Count == 0 ? "" : result.Tokens[^1].Value;
        if (string.IsNullOrWhiteSpace(value))
        {
            result.AddError($"{option}: the value is empty; give {what}.");
            return null;
        }

        return value;
    }

    public static Option<uint> Seed() =>
        OptionValues.UInt("--seed", 0, "Seed of the NumPy-compatible generator behind the split, the shuffling and the initial weights.");

    public static Option<double?> ValidationSplit() =>
        OptionValues.Double("--val-split", 0.0, false, 1.0, true, "Fraction of the data held out for validation, shuffled with --seed (0: none).");

    public static Option<string?> LabelColumn() => new("--label-column")
    {
        Description = "For a CSV file: the label column, as a 0-based index or a header name (default: the last column).",
    };

    /// <summary><c>--arch</c> of eval, predict and export: the architecture of a model file that records none.</summary>
    public static Option<string?> StateDictArchitecture() => new("--arch")
    {
        Description = "For a model file without TinyTensor metadata (a state_dict saved by PyTorch, safetensors layout): its network, as the JSON a TinyTensor model file records, e.g. '[{\"type\":\"Linear\",\"in\":64,\"out\":32},{\"type\":\"ReLU\"},{\"type\":\"Linear\",\"in\":32,\"out\":10}]', or the path of a .json file holding it.",
    };

    public static Option<string?> MaxMemory() => new("--max-memory")
    {
        Description = "The most memory one data set or the network may take, e.g. 512M or 8G (default: a quarter of the available memory).",
    };

    /// <summary>The bytes <c>--max-memory</c> allows: a whole number of bytes, or with a K, M or G suffix (powers of 1024).</summary>
    public static long ParseMaxMemory(string? text)
    {
        if (text is null)
        {
            return DataLimits.DefaultMaxBytes();
        }

        string digits = text.Trim();
        long unit = 1;
        if (digits.Length > 0 && "KMG".Contains(char.ToUpperInvariant(digits[^1]), StringComparison.Ordinal))
        {
            unit = char.ToUpperInvariant(digits[^1]) switch { 'K' => 1L << 10, 'M' => 1L << 20, _ => 1L << 30 };
            digits = digits[..^1];
        }

        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long value) || value < 1 || value > (1L << 50) / unit)
        {
            throw new CliUsageException($"--max-memory: '{OptionValues.Shown(text)}' is not a size between 1 and 1048576G (e.g. 512M, 8G).");
        }

        return value * unit;
    }

    /// <summary>The reader options of <c>--label-column</c> and <c>--max-memory</c>.</summary>
    public static DataFileOptions DataOptions(string? labelColumn, long maxBytes)
    {
        if (labelColumn is not null && string.IsNullOrWhiteSpace(labelColumn))
        {
            throw new CliUsageException("--label-column: give a 0-based column index or a header name.");
        }

        return new DataFileOptions { LabelColumn = labelColumn?.Trim(), Limits = new DataLimits { MaxBytes = maxBytes } };
    }

    /// <summary>Fails when <paramref name="fraction"/> is outside [0, 1).</summary>
    public static void CheckFraction(double fraction, string option)
    {
        if (!(fraction >= 0.0 && fraction < 1.0))
        {
            throw new CliUsageException(string.Create(CultureInfo.InvariantCulture, $"{option} must be in [0, 1), got {fraction}."));
        }
    }

    /// <summary>
    /// Fails before any work when <paramref name="file"/> cannot be written: not a regular file or a new path (a
    /// folder, a device, a FIFO, a socket), a missing folder, a name too long, or a folder that does not accept the
    /// temporary file the save will use (so a long training run does not end in a write error).
    /// </summary>
    public static void CheckWritable(FileInfo? file, string option)
    {
        if (file is null)
        {
            return;
        }

        try
        {
            OutputFile.CheckWritable(file.FullName);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"{option}: {ex.Message}");
        }
    }

    /// <summary>Fails when two outputs, or an output and an input, are the same file (by device and inode, so links
    /// and other spellings count), before anything is read or written.</summary>
    public static void CheckDistinct(IReadOnlyList<(string Option, FileInfo? File)> outputs, IReadOnlyList<(string Option, string Path)> inputs)
    {
        var present = outputs.Where(o => o.File is not null).Select(o => (o.Option, Path: o.File!.FullName)).ToArray();
        for (int i = 0; i < present.Length; i++)
        {
            foreach ((string option, string path) in inputs)
            {
                if (OutputFile.SameFile(present[i].Path, path))
                {
                    throw new CliUsageException($"{present[i].Option}: {present[i].Path} is the {option} input {path}; writing it would destroy the input.");
                }
            }

            for (int j = 0; j < i; j++)
            {
                if (OutputFile.SameFile(present[i].Path, present[j].Path))
                {
                    throw new CliUsageException($"{present[i].Option} and {present[j].Option} name the same file {present[i].Path}; one would overwrite the other.");
                }
            }
        }
    }

    /// <summary><c>--dtype</c>: an element type, float32 or float64.</summary>
    public static Option<string> ElementType(string description, string defaultValue) => new("--dtype")
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
    };

    /// <summary>The element type <c>--dtype</c> names: float32 or float64 (any case), nothing else.</summary>
    public static DType ParseElementType(string value) => value.Trim().ToLowerInvariant() switch
    {
        "float32" => DType.Float32,
        "float64" => DType.Float64,
        _ => throw new CliUsageException($"--dtype: unknown element type '{OptionValues.Shown(value)}'; use float32 or float64."),
    };

    /// <summary>A percentage with one decimal, e.g. 97.8%.</summary>
    public static string Percent(double fraction) => (100 * fraction).ToString("F1", CultureInfo.InvariantCulture) + "%";
}
