using TinyTensor.Data;

namespace TinyTensor.Cli.Commands;

/// <summary>
/// What <c>--data</c> names: a bundled data set (the TinyTensor.Datasets package) when no file of that name exists,
/// else a file read by <see cref="DatasetFiles"/>.
/// </summary>
internal static class DataSource
{
    /// <exception cref="FileNotFoundException">Neither a file nor a bundled name; the message lists the names.</exception>
    public static Dataset Load(string nameOrPath)
    {
        if (File.Exists(nameOrPath))
        {
            return DatasetFiles.Load(nameOrPath);
        }

        if (BuiltInDatasets.Contains(nameOrPath))
        {
            return BuiltInDatasets.Load(nameOrPath);
        }

        throw new FileNotFoundException(
            $"Data file not found: {nameOrPath} (and it is not a bundled data set: {string.Join(", ", BuiltInDatasets.Names)})", nameOrPath);
    }
}
