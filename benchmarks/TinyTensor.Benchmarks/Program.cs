using BenchmarkDotNet.Running;
using TinyTensor.Benchmarks.Compare;

namespace TinyTensor.Benchmarks;

/// <summary>
/// Entry point. <c>dotnet run -c Release -- --filter '*Notebook*'</c> runs BenchmarkDotNet benchmarks;
/// <c>dotnet run -c Release -- compare --threads 2</c> runs the NumPy comparison workloads (see benchmarks/compare).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "compare")
        {
            int threads = args.Length >= 3 && args[1] == "--threads" ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : Environment.ProcessorCount;
            return ComparisonHarness.Run(threads);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
