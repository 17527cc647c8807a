using TinyTensor.Data;

namespace TinyTensor.Cli.Commands;

/// <summary>
/// What <c>--data</c> names: a bundled data set (the TinyTensor.Datasets package) when no file or directory of that
/// name exists, else a file read by <see cref="DatasetFiles"/>.
/// </summary>
internal static class DataSource
{
    /// <summary>The labelled data set <paramref name="nameOrPath"/> names.</summary>
    /// <exception cref="FileNotFoundException">Neither a file nor a bundled name; the message lists the names.</exception>
    public static Dataset Load(string nameOrPath, DataFileOptions options) =>
        IsBuiltIn(nameOrPath) ? BuiltInDatasets.Load(nameOrPath) : WithBundledNames(nameOrPath, () => DatasetFiles.Load(nameOrPath, options));

    /// <summary>Only the features of <paramref name="nameOrPath"/>, for prediction (see <see cref="DatasetFiles.LoadFeatures"/>).</summary>
    /// <exception cref="FileNotFoundException">Neither a file nor a bundled name; the message lists the names.</exception>
    public static Tensor LoadFeatures(string nameOrPath, int featureCount, DataFileOptions options) =>
        IsBuiltIn(nameOrPath)
            ? BuiltInDatasets.Load(nameOrPath).Features
            : WithBundledNames(nameOrPath, () => DatasetFiles.LoadFeatures(nameOrPath, featureCount, options));

    /// <summary>The files read for <paramref name="nameOrPath"/>: none for a bundled name (see <see cref="DatasetFiles.InputFiles"/>).</summary>
    public static IReadOnlyList<string> InputFiles(string nameOrPath) =>
        IsBuiltIn(nameOrPath) ? [] : DatasetFiles.InputFiles(nameOrPath);

    private static bool IsBuiltIn(string nameOrPath) =>
        !File.Exists(nameOrPath) && !Directory.Exists(nameOrPath) && BuiltInDatasets.Contains(nameOrPath);

    private static T WithBundledNames<T>(string nameOrPath, Func<T> load)
    {
        try
        {
            return load();
        }
        catch (FileNotFoundException ex) when (ex.FileName == nameOrPath && !Path.Exists(nameOrPath))
        {
            throw new FileNotFoundException(
                $"Data file not found: {nameOrPath} (and it is not a bundled data set: {string.Join(", ", BuiltInDatasets.Names)})", nameOrPath, ex);
        }
    }
}
