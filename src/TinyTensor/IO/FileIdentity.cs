using System.Runtime.InteropServices;

namespace TinyTensor.IO;

/// <summary>
/// The kind of a path and, for an existing file, its identity (device and inode on Linux), so that two names of one
/// file (a hard link, a symbolic link, <c>./a</c> and <c>a</c>) are recognised as the same file.
/// </summary>
/// <remarks>On Linux this is <c>statx(2)</c> (glibc ≥ 2.28), whose buffer layout is the same on every
/// architecture; elsewhere the kind comes from <see cref="File.GetAttributes(string)"/> and the identity is the
/// resolved full path.</remarks>
internal readonly record struct FileIdentity(FileKind Kind, ulong Device, ulong Inode, string ResolvedPath)
{
    // statx(2): AT_FDCWD, STATX_TYPE | STATX_INO, and the offsets of the fields read from struct statx.
    private const int AtFdCwd = -100;
    private const uint StatxTypeAndInode = 0x001 | 0x100;
    private const int StatxSize = 256;
    private const int ModeOffset = 28;
    private const int InodeOffset = 32;
    private const int DevMajorOffset = 136;
    private const int DevMinorOffset = 140;
    private const int Enoent = 2;
    private const int Enotdir = 20;

    /// <summary>Whether both name one existing file, or (when neither exists) the same path.</summary>
    public bool SameFileAs(FileIdentity other) =>
        Kind != FileKind.Missing && other.Kind != FileKind.Missing && Inode != 0
            ? Device == other.Device && Inode == other.Inode
            : string.Equals(ResolvedPath, other.ResolvedPath, StringComparison.Ordinal);

    /// <summary>Looks <paramref name="path"/> up, following symbolic links.</summary>
    /// <exception cref="IOException">The path cannot be examined (e.g. a permission problem on a folder).</exception>
    public static FileIdentity Of(string path)
    {
        string full = Path.GetFullPath(path);
        string resolved = ResolveLinks(full);
        if (OperatingSystem.IsLinux())
        {
            return Statx(full, resolved);
        }

        if (Directory.Exists(full))
        {
            return new FileIdentity(FileKind.Directory, 0, 0, resolved);
        }

        return new FileIdentity(File.Exists(full) ? FileKind.RegularFile : FileKind.Missing, 0, 0, resolved);
    }

    private static unsafe FileIdentity Statx(string full, string resolved)
    {
        byte* buffer = stackalloc byte[StatxSize];
        if (NativeMethods.Statx(AtFdCwd, full, 0, StatxTypeAndInode, buffer) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno is Enoent or Enotdir)
            {
                return new FileIdentity(FileKind.Missing, 0, 0, resolved);
            }

            throw new IOException($"Cannot examine {full}: {Marshal.GetPInvokeErrorMessage(errno)}.");
        }

        int mode = *(ushort*)(buffer + ModeOffset);
        ulong inode = *(ulong*)(buffer + InodeOffset);
        ulong device = ((ulong)*(uint*)(buffer + DevMajorOffset) << 32) | *(uint*)(buffer + DevMinorOffset);
        return new FileIdentity(KindOf(mode), device, inode, resolved);
    }

    /// <summary>The file type bits (S_IFMT) of a Unix mode.</summary>
    private static FileKind KindOf(int mode) => (mode & 0xF000) switch
    {
        0x8000 => FileKind.RegularFile,
        0x4000 => FileKind.Directory,
        0x2000 => FileKind.CharacterDevice,
        0x6000 => FileKind.BlockDevice,
        0x1000 => FileKind.Fifo,
        0xC000 => FileKind.Socket,
        _ => FileKind.Other,
    };

    /// <summary>The path with a final symbolic link followed, when there is one (a dangling link stays as it is).</summary>
    private static string ResolveLinks(string full)
    {
        try
        {
            FileSystemInfo? target = new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true);
            return target?.FullName ?? full;
        }
        catch (IOException)
        {
            return full;
        }
        catch (UnauthorizedAccessException)
        {
            return full;
        }
    }
}
