namespace TinyTensor.Internal;

/// <summary>
/// Writes a file so that a reader never sees it half-written: the bytes go to a temporary file in the same folder,
/// which is flushed to disk and then renamed over the target. A failure deletes the temporary file and leaves an
/// existing target untouched.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Creates or replaces <paramref name="path"/> with what <paramref name="write"/> writes.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="what">What is written, for the message ("the ONNX model").</param>
    /// <param name="write">Writes the whole content to the stream it is given.</param>
    /// <exception cref="IOException">The file cannot be written; the message names <paramref name="path"/>.</exception>
    public static void Write(string path, string what, Action<Stream> write)
    {
        string target = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(target) ?? ".";
        string temporary = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                write(file);

                // Flush(true) reaches the disk (fsync), so the rename below never exposes a file whose bytes are
                // still only in the OS cache.
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
        }
        catch (Exception ex)
        {
            TryDelete(temporary);
            if (ex is IOException or UnauthorizedAccessException)
            {
                throw new IOException($"Cannot write {what} to {path}: {ex.Message}", ex);
            }

            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the temporary file's name starts with a dot and ends in .tmp, so a leftover is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
