using BenchmarkDotNet.Running;

namespace TinyTensor.Benchmarks;

/// <summary>Entry point: <c>dotnet run -c Release -- --filter '*Notebook*'</c> (BenchmarkDotNet's switcher).</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
