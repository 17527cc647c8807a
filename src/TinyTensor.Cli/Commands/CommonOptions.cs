using System.CommandLine;
using System.Globalization;

namespace TinyTensor.Cli.Commands;

/// <summary>Options shared by several commands, and the checks that make their bad values one-line errors.</summary>
internal static class CommonOptions
{
    public static Option<string> Data() => new("--data", "-d")
    {
        Description = "The data: 'digits' or 'mnist' (bundled), or a path to an IDX images file (labels beside it), a CIFAR-10 .bin batch or a CSV file with the label in the last column.",
        Required = true,
    };

    public static Option<FileInfo> Model() => new("--model", "-m")
    {
        Description = "A model file saved by 'tinytensor train --save' (safetensors).",
        Required = true,
    };

    public static Option<uint> Seed() => new("--seed")
    {
        Description = "Seed of the NumPy-compatible generator behind the split, the shuffling and the initial weights.",
        DefaultValueFactory = _ => 0,
    };

    public static Option<double> ValidationSplit(double defaultValue) => new("--val-split")
    {
        Description = "Fraction of the data held out for validation, shuffled with --seed (0: none).",
        DefaultValueFactory = _ => defaultValue,
    };

    /// <summary>Fails when <paramref name="fraction"/> is outside [0, 1).</summary>
    public static void CheckFraction(double fraction, string option)
    {
        if (!(fraction >= 0.0 && fraction < 1.0))
        {
            throw new CliUsageException(string.Create(CultureInfo.InvariantCulture, $"{option} must be in [0, 1), got {fraction}."));
        }
    }

    /// <summary>
    /// Fails before any work when <paramref name="file"/> cannot be written: it is a folder, its folder is missing,
    /// or the folder does not accept a new file (so a long training run does not end in a write error).
    /// </summary>
    public static void CheckWritable(FileInfo? file, string option)
    {
        if (file is null)
        {
            return;
        }

        if (Directory.Exists(file.FullName))
        {
            throw new CliUsageException($"{option}: {file.FullName} is a folder, not a file.");
        }

        string folder = file.DirectoryName ?? ".";
        if (!Directory.Exists(folder))
        {
            throw new CliUsageException($"{option}: cannot write {file.FullName}: the folder {folder} does not exist.");
        }

        string probe = Path.Combine(folder, $".tinytensor-write-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"{option}: cannot write {file.FullName}: {ex.Message}");
        }
    }

    /// <summary>A percentage with one decimal, e.g. 97.8%.</summary>
    public static string Percent(double fraction) => (100 * fraction).ToString("F1", CultureInfo.InvariantCulture) + "%";
}
