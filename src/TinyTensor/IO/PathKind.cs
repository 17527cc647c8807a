namespace TinyTensor.IO;

/// <summary>What a path names, for checks before a file is opened (a directory or a device where a file is expected).</summary>
public static class PathKind
{
    /// <summary>The kind of <paramref name="path"/>, following symbolic links.</summary>
    /// <exception cref="IOException">The path cannot be examined.</exception>
    public static FileKind Of(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return FileIdentity.Of(path).Kind;
    }

    /// <summary>"a directory", "a character device", … for messages.</summary>
    public static string Describe(FileKind kind) => OutputFile.Describe(kind);
}
