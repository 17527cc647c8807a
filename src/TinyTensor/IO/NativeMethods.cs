using System.Runtime.InteropServices;

namespace TinyTensor.IO;

/// <summary>The few libc calls the file checks need (Linux only; callers test the platform first).</summary>
internal static unsafe partial class NativeMethods
{
    /// <summary><c>int statx(int dirfd, const char *path, int flags, unsigned int mask, struct statx *buf)</c>.</summary>
    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static partial int Statx(int directoryFd, string path, int flags, uint mask, byte* buffer);
}
