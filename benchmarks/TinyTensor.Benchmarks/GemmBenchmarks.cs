using BenchmarkDotNet.Attributes;
using TinyTensor.Kernels.Gemm;

namespace TinyTensor.Benchmarks;

/// <summary>Square DGEMM C = A·B, n = 16 … 2048, on 1 and 2 threads.</summary>
[Config(typeof(GemmConfig))]
[MemoryDiagnoser]
public class SquareGemmBenchmarks
{
    private double[] _a = [];
    private double[] _b = [];
    private double[] _c = [];

    [Params(16, 32, 64, 128, 256, 512, 1024, 2048)]
    public int Size { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Parallelism.NumThreads = Threads;
        var rng = new System.Random(1);
        _a = Filled(rng, Size * Size);
        _b = Filled(rng, Size * Size);
        _c = new double[Size * Size];
    }

    [Benchmark]
    public void Gemm() =>
        Kernels.Gemm.Gemm.Multiply(Transpose.None, Transpose.None, Size, Size, Size, 1.0, _a, Size, _b, Size, 0.0, _c, Size);

    internal static double[] Filled(System.Random rng, int length)
    {
        double[] values = new double[length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = rng.NextDouble() - 0.5;
        }

        return values;
    }
}

/// <summary>
/// The products of one 784-256-10 training step at batch 128: the two forward products (x·W) and, for each layer,
/// the weight gradient xᵀ·dout (TN) and the input gradient dout·Wᵀ (NT).
/// </summary>
[Config(typeof(GemmConfig))]
[MemoryDiagnoser]
public class MlpGemmBenchmarks
{
    private double[] _a = [];
    private double[] _b = [];
    private double[] _c = [];

    public static IEnumerable<GemmShape> Shapes() =>
    [
        new("fwd1", "NN", 128, 256, 784),
        new("fwd2", "NN", 128, 10, 256),
        new("dW1", "TN", 784, 256, 128),
        new("dx1", "NT", 128, 784, 256),
        new("dW2", "TN", 256, 10, 128),
        new("dh1", "NT", 128, 256, 10),
    ];

    [ParamsSource(nameof(Shapes))]
    public GemmShape Shape { get; set; } = null!;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Parallelism.NumThreads = Threads;
        var rng = new System.Random(1);
        _a = SquareGemmBenchmarks.Filled(rng, Shape.M * Shape.K);
        _b = SquareGemmBenchmarks.Filled(rng, Shape.K * Shape.N);
        _c = new double[Shape.M * Shape.N];
    }

    [Benchmark]
    public void Gemm()
    {
        GemmShape s = Shape;
        Transpose ta = s.Form[0] == 'T' ? Transpose.Transposed : Transpose.None;
        Transpose tb = s.Form[1] == 'T' ? Transpose.Transposed : Transpose.None;
        int lda = ta == Transpose.None ? s.K : s.M;
        int ldb = tb == Transpose.None ? s.N : s.K;
        Kernels.Gemm.Gemm.Multiply(ta, tb, s.M, s.N, s.K, 1.0, _a, lda, _b, ldb, 0.0, _c, s.N);
    }
}
