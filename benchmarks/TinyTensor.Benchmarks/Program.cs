using BenchmarkDotNet.Running;

// Pick benchmarks with --filter, e.g. dotnet run -c Release -- --filter '*Gemm*' --job short
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
