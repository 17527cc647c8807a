using System.ComponentModel;
using System.Diagnostics;

namespace TinyTensor.Tests.PyTorch;

/// <summary>
/// Debian's <c>/usr/bin/python3</c> (with python3-numpy and python3-torch), which the reference tests run; the
/// <c>python3</c> on PATH may be another Python without them. A missing interpreter is a failure, never a skip.
/// </summary>
internal static class ReferencePython
{
    public const string Path = "/usr/bin/python3";

    /// <summary>Runs <see cref="Path"/> with <paramref name="arguments"/>; its exit code and stdout + stderr.</summary>
    public static (int ExitCode, string Output) Run(params string[] arguments)
    {
        var info = new ProcessStartInfo(Path, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        try
        {
            using Process process = Process.Start(info)!;
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, stdout + stderr.Result);
        }
        catch (Win32Exception ex)
        {
            Assert.Fail($"{Path} cannot be started ({ex.Message}): install Debian's python3, python3-numpy and python3-torch (apt-get install python3-torch).");
            throw;
        }
    }

    /// <summary>The repository's root (the folder holding TinyTensor.sln), for its committed scripts.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "TinyTensor.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("TinyTensor.sln not found above " + AppContext.BaseDirectory);
    }
}
