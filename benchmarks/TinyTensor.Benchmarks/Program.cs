using System.Globalization;
using BenchmarkDotNet.Running;
using TinyTensor.Benchmarks.Compare;

namespace TinyTensor.Benchmarks;

/// <summary>
/// Entry point. <c>dotnet run -c Release -- --filter '*Notebook*'</c> runs BenchmarkDotNet benchmarks;
/// <c>dotnet run -c Release -- compare --threads 2</c> runs the comparison workloads and
/// <c>dotnet run -c Release -- peak --threads 2</c> probes the FMA peak for them (see benchmarks/compare/run.sh).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] is "compare" or "peak")
        {
            int threads = args.Length >= 3 && args[1] == "--threads" ? int.Parse(args[2], CultureInfo.InvariantCulture) : Environment.ProcessorCount;
            return args[0] == "compare" ? ComparisonHarness.Run(threads) : ComparisonHarness.Peak(threads);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
