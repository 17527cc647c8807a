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

    internal static double? Flops(BenchmarkCase benchmarkCase)
    {
        if (benchmarkCase.Descriptor.Type == typeof(FmaPeakBenchmarks))
        {
            return FmaPeakBenchmarks.FlopsPerCall((DType)benchmarkCase.Parameters["DType"],
                (int)benchmarkCase.Parameters["Width"]);
        }

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

/// <summary>
/// GFLOP/s as a percentage of the FMA peak for the row's element type and thread count, the peak probed once in this
/// process (<see cref="FmaPeak"/>) just before the summary table is printed, and printed itself.
/// </summary>
public sealed class PeakFractionColumn : IColumn
{
    public string Id => "PeakFraction";

    public string ColumnName => "% of FMA peak";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 1;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "GFLOP/s / the FMA peak of the same type and thread count, probed in this run";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        double? medianNs = summary[benchmarkCase]?.ResultStatistics?.Median;
        double? flops = GemmFlopsColumn.Flops(benchmarkCase);
        (DType type, int threads) = Key(benchmarkCase);
        return medianNs is > 0 && flops is not null
            ? (100.0 * flops.Value / medianNs.Value / FmaPeak.Peak(type, threads)).ToString("F1", CultureInfo.InvariantCulture)
            : "-";
    }

    /// <summary>Probes every peak the table needs first, so the probe's lines come before the table.</summary>
    public bool IsAvailable(Summary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        foreach ((DType type, int threads) in summary.BenchmarksCases.Select(Key).Distinct())
        {
            FmaPeak.Peak(type, threads);
        }

        return true;
    }

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <summary>The row's element type (a <see cref="DType"/> parameter; float64 without one) and thread count (1 without a Threads parameter).</summary>
    private static (DType Type, int Threads) Key(BenchmarkCase benchmarkCase)
    {
        DType type = DType.Float64;
        int threads = 1;
        foreach (var parameter in benchmarkCase.Parameters.Items)
        {
            if (parameter.Value is DType t)
            {
                type = t;
            }

            if (parameter is { Name: "Threads", Value: int n })
            {
                threads = n;
            }
        }

        return (type, threads);
    }
}

/// <summary>The GEMM benchmarks' config: the GFLOP/s and peak-fraction columns and allocated bytes per call.</summary>
public sealed class GemmConfig : ManualConfig
{
    public GemmConfig()
    {
        AddColumn(new GemmFlopsColumn());
        AddColumn(new PeakFractionColumn());
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
