using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace TinyTensor.Benchmarks;

/// <summary>A product's size: C (M, N) = op(A) (M, K) · op(B) (K, N) in one of the forms NN, TN, NT.</summary>
public sealed record GemmShape(string Name, string Form, int M, int N, int K)
{
    /// <summary>2·M·N·K: one multiply and one add per term.</summary>
    public double Flops => 2.0 * M * N * K;

    public override string ToString() => $"{Name} {Form} {M}x{N}x{K}";
}

/// <summary>GFLOP/s = 2·M·N·K / median time, from the benchmark's <c>Size</c> (square) or <c>Shape</c> parameter.</summary>
public sealed class GemmFlopsColumn : IColumn
{
    public string Id => "GFLOPS";

    public string ColumnName => "GFLOP/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Billions of floating-point operations per second: 2·M·N·K / median";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        BenchmarkReport? report = summary[benchmarkCase];
        double? medianNs = report?.ResultStatistics?.Median;
        double? flops = Flops(benchmarkCase);
        return medianNs is > 0 && flops is not null
            ? (flops.Value / medianNs.Value).ToString("F1", CultureInfo.InvariantCulture)
            : "-";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    private static double? Flops(BenchmarkCase benchmarkCase)
    {
        foreach (var parameter in benchmarkCase.Parameters.Items)
        {
            if (parameter is { Name: "Size", Value: int n })
            {
                return 2.0 * n * n * n;
            }

            if (parameter.Value is GemmShape shape)
            {
                return shape.Flops;
            }
        }

        return null;
    }
}

/// <summary>The GEMM benchmarks' config: the GFLOP/s column and allocated bytes per call.</summary>
public sealed class GemmConfig : ManualConfig
{
    public GemmConfig()
    {
        AddColumn(new GemmFlopsColumn());
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
