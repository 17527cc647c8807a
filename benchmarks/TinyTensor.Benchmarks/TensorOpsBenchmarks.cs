using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace TinyTensor.Benchmarks;

/// <summary>
/// Tensor operations at 1024×1024 (8 MiB per operand, beyond L2): same-shape add, broadcast add of a row-vector bias
/// (1024,) and of a column vector (1024, 1), sums along axes 0 and 1, argmax along axis 1. The destination forms
/// allocate nothing; the reductions allocate only their 8 KiB result. The GB/s column counts the bytes each op must
/// move (<see cref="BytesMoved"/>). NumPy runs the same ops in benchmarks/compare.
/// </summary>
[Config(typeof(TensorOpsConfig))]
public class TensorOpsBenchmarks
{
    private const int N = 1024;
    private const long Matrix = (long)N * N * sizeof(double);

    private Tensor _a = null!;
    private Tensor _b = null!;
    private Tensor _row = null!;
    private Tensor _column = null!;
    private Tensor _c = null!;

    /// <summary>Bytes read and written by each benchmark (the small operands and results are not counted).</summary>
    public static long BytesMoved(string method) => method switch
    {
        nameof(Add) => 3 * Matrix,
        nameof(AddRowVector) or nameof(AddColumnVector) => 2 * Matrix,
        _ => Matrix,
    };

    [GlobalSetup]
    public void Setup()
    {
        var rng = new RandomState(1);
        _a = rng.Randn(N, N);
        _b = rng.Randn(N, N);
        _row = rng.Randn(N);
        _column = rng.Randn(N, 1);
        _c = new Tensor(N, N);
    }

    /// <summary>c = a + b (np.add(a, b, out=c)).</summary>
    [Benchmark]
    public void Add() => Tensor.Add(_a, _b, _c);

    /// <summary>c = a + row, row (1024,): one SIMD pass per row.</summary>
    [Benchmark]
    public void AddRowVector() => Tensor.Add(_a, _row, _c);

    /// <summary>c = a + column, column (1024, 1): a broadcast scalar per row.</summary>
    [Benchmark]
    public void AddColumnVector() => Tensor.Add(_a, _column, _c);

    /// <summary>np.sum(a, axis=0): rows added one after another.</summary>
    [Benchmark]
    public Tensor SumAxis0() => _a.Sum(0);

    /// <summary>np.sum(a, axis=1): one pairwise sum per row.</summary>
    [Benchmark]
    public Tensor SumAxis1() => _a.Sum(1);

    /// <summary>np.argmax(a, axis=1).</summary>
    [Benchmark]
    public int[] ArgMaxAxis1() => _a.ArgMax(1);
}

/// <summary>GB/s = bytes moved / median time, from <see cref="TensorOpsBenchmarks.BytesMoved"/>.</summary>
public sealed class BandwidthColumn : IColumn
{
    public string Id => "GBps";

    public string ColumnName => "GB/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Gigabytes (10⁹ B) read and written per second: bytes moved / median";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        double? medianNs = summary[benchmarkCase]?.ResultStatistics?.Median;
        long bytes = TensorOpsBenchmarks.BytesMoved(benchmarkCase.Descriptor.WorkloadMethod.Name);
        return medianNs is > 0 ? (bytes / medianNs.Value).ToString("F1", CultureInfo.InvariantCulture) : "-";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}

/// <summary>The tensor-op benchmarks' config: the GB/s column and allocated bytes per call.</summary>
public sealed class TensorOpsConfig : ManualConfig
{
    public TensorOpsConfig()
    {
        AddColumn(new BandwidthColumn());
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
