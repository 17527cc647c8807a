using System.Text;

namespace TinyTensor.IO;

/// <summary>
/// Writes output files so that nothing is ever destroyed or half-written: only a regular file (or a new path) is
/// replaced, the bytes go to a temporary file in the same folder that is flushed to disk and then renamed over the
/// target, and a failure leaves the old target untouched and no temporary file behind.
/// </summary>
/// <remarks>
/// <para><b>What is refused.</b> A directory, a character or block device (<c>/dev/null</c>), a FIFO or a socket
/// at the path: renaming over them would replace the device node or the pipe with a regular file (as root,
/// <c>/dev/null</c> itself). A name longer than <see cref="MaxNameBytes"/> UTF-8 bytes, a missing folder. These
/// throw <see cref="IOException"/> naming the path, before anything is written.</para>
/// <para><b>Symbolic links.</b> A link to a regular file is followed: the file it points to is replaced and the link
/// stays.</para>
/// <para><b>Temporary names.</b> <c>.NAME.GUID.tmp</c> in the target's folder, with NAME cut (on a character
/// boundary) so the whole name fits <see cref="MaxNameBytes"/> bytes: any target name the file system accepts has a
/// temporary name it accepts too. A process killed during a write leaves that file behind.</para>
/// <para>Comparing outputs with inputs (so an output never overwrites the data it was made from) is
/// <see cref="SameFile"/>, by device and inode on Linux.</para>
/// </remarks>
public static class OutputFile
{
    /// <summary>NAME_MAX: the longest file name, in bytes, that Linux file systems (ext4, xfs, btrfs, tmpfs) accept.</summary>
    public const int MaxNameBytes = 255;

    /// <summary>The bytes a temporary name adds to the (cut) target name: ".", ".", 32 hex digits, ".tmp".</summary>
    private const int TemporarySuffixBytes = 1 + 1 + 32 + 4;

    /// <summary>Fails unless <paramref name="path"/> names a regular file or nothing, in an existing folder, with a
    /// name the file system accepts. Writes nothing.</summary>
    /// <exception cref="IOException">The path cannot be an output (the message names it and says why).</exception>
    public static void Check(string path) => _ = Target(path);

    /// <summary>As <see cref="Check"/>, then creates and deletes the temporary file a <see cref="Write"/> would use,
    /// so that a long computation whose result goes to <paramref name="path"/> does not end in a write error.</summary>
    /// <exception cref="IOException">The path cannot be an output, or the folder does not accept a new file.</exception>
    public static void CheckWritable(string path)
    {
        string target = Target(path);
        string temporary = TemporaryPathFor(target);
        try
        {
            using (new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot write {path}: {ex.Message}", ex);
        }
    }

    /// <summary>Writes a file atomically: <paramref name="write"/> fills a temporary file in the target's folder,
    /// which is flushed to disk (fsync) and renamed over the target.</summary>
    /// <param name="path">A regular file to replace, or a new path.</param>
    /// <param name="write">Writes the content to the stream it is given (it must not close it).</param>
    /// <exception cref="IOException">The path cannot be an output (see <see cref="Check"/>), or writing fails; the
    /// old target is then untouched and the temporary file deleted.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        string target = Target(path);
        string temporary = TemporaryPathFor(target);
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
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Whether <paramref name="first"/> and <paramref name="second"/> name the same file: the same device and
    /// inode when both exist (hard links, symbolic links and relative spellings included), else the same resolved
    /// full path.</summary>
    /// <exception cref="IOException">A path cannot be examined.</exception>
    public static bool SameFile(string first, string second)
    {
        ArgumentException.ThrowIfNullOrEmpty(first);
        ArgumentException.ThrowIfNullOrEmpty(second);
        return FileIdentity.Of(first).SameFileAs(FileIdentity.Of(second));
    }

    /// <summary>The temporary file <see cref="Write"/> uses for <paramref name="target"/> (a full path): its name
    /// always fits <see cref="MaxNameBytes"/>.</summary>
    internal static string TemporaryPathFor(string target)
    {
        string name = Path.GetFileName(target);
        string stem = CutToBytes(name, MaxNameBytes - TemporarySuffixBytes);
        return Path.Combine(Path.GetDirectoryName(target) ?? ".", $".{stem}.{Guid.NewGuid():N}.tmp");
    }

    /// <summary>Checks the path and returns the file to rename over (a symbolic link's target).</summary>
    private static string Target(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        string name = Path.GetFileName(full);
        if (name.Length == 0)
        {
            throw new IOException($"Cannot write {path}: it names a folder, not a file.");
        }

        int nameBytes = Encoding.UTF8.GetByteCount(name);
        if (nameBytes > MaxNameBytes)
        {
            throw new IOException($"Cannot write {path}: the file name is {nameBytes} bytes; file systems accept at most {MaxNameBytes}.");
        }

        FileIdentity identity = FileIdentity.Of(full);
        if (identity.Kind is not (FileKind.Missing or FileKind.RegularFile))
        {
            throw new IOException($"Cannot write {path}: it is {Describe(identity.Kind)}, not a regular file; only a regular file or a new path is replaced.");
        }

        string target = identity.Kind == FileKind.RegularFile ? identity.ResolvedPath : full;
        string folder = Path.GetDirectoryName(target) ?? ".";
        if (!Directory.Exists(folder))
        {
            throw new IOException($"Cannot write {path}: the folder {folder} does not exist.");
        }

        return target;
    }

    /// <summary>"a directory", "a character device" …, for messages.</summary>
    internal static string Describe(FileKind kind) => kind switch
    {
        FileKind.Directory => "a directory (folder)",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.Socket => "a socket",
        FileKind.RegularFile => "a regular file",
        FileKind.Missing => "missing",
        _ => "not a regular file",
    };

    /// <summary>The longest prefix of <paramref name="text"/> of at most <paramref name="maxBytes"/> UTF-8 bytes that
    /// does not split a character (a surrogate pair counts as one).</summary>
    private static string CutToBytes(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        int bytes = 0, end = 0;
        while (end < text.Length)
        {
            int width = char.IsHighSurrogate(text[end]) && end + 1 < text.Length ? 2 : 1;
            int size = Encoding.UTF8.GetByteCount(text.AsSpan(end, width));
            if (bytes + size > maxBytes)
            {
                break;
            }

            bytes += size;
            end += width;
        }

        return text[..end];
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The original failure matters more than a leftover temporary file.
        }
        catch (UnauthorizedAccessException)
        {
            // Same: keep reporting the original failure.
        }
    }
}
