using System.Numerics;
using BenchmarkDotNet.Attributes;
using TinyTensor.Kernels.Gemm;

namespace TinyTensor.Benchmarks;

/// <summary>
/// Square GEMM C = A·B in float64 (DGEMM) and float32 (SGEMM), n = 64 … 2048 (issue 10's sizes), on 1 and 2 threads,
/// with GFLOP/s and the fraction of the FMA peak probed in the same run (<see cref="FmaPeak"/>).
/// </summary>
[Config(typeof(GemmConfig))]
[MemoryDiagnoser]
public class SquareGemmBenchmarks
{
    private readonly GemmOperandsOf<double> _f64 = new();
    private readonly GemmOperandsOf<float> _f32 = new();
    private GemmOptions _options;

    [Params(DType.Float64, DType.Float32)]
    public DType DType { get; set; }

    [Params(64, 128, 256, 512, 1024, 2048)]
    public int Size { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _options = GemmOptions.Force(Kernels.Gemm.Gemm.DefaultKernel, GemmRoute.Auto, Threads);
        var rng = new System.Random(1);
        if (DType == DType.Float32)
        {
            _f32.Fill(rng, Size * Size, Size * Size, Size * Size);
        }
        else
        {
            _f64.Fill(rng, Size * Size, Size * Size, Size * Size);
        }
    }

    [Benchmark]
    public void Gemm()
    {
        if (DType == DType.Float32)
        {
            _f32.Multiply(_options, Transpose.None, Transpose.None, Size, Size, Size);
        }
        else
        {
            _f64.Multiply(_options, Transpose.None, Transpose.None, Size, Size, Size);
        }
    }

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
/// The products of one 784-256-10 training step at batch 128, in both element types: the two forward products
/// (x·W) and, for each layer, the weight gradient xᵀ·dout (TN) and the input gradient dout·Wᵀ (NT).
/// </summary>
[Config(typeof(GemmConfig))]
[MemoryDiagnoser]
public class MlpGemmBenchmarks
{
    private readonly GemmOperandsOf<double> _f64 = new();
    private readonly GemmOperandsOf<float> _f32 = new();
    private GemmOptions _options;

    public static IEnumerable<GemmShape> Shapes() =>
    [
        new("fwd1", "NN", 128, 256, 784),
        new("fwd2", "NN", 128, 10, 256),
        new("dW1", "TN", 784, 256, 128),
        new("dx1", "NT", 128, 784, 256),
        new("dW2", "TN", 256, 10, 128),
        new("dh1", "NT", 128, 256, 10),
    ];

    [Params(DType.Float64, DType.Float32)]
    public DType DType { get; set; }

    [ParamsSource(nameof(Shapes))]
    public GemmShape Shape { get; set; } = null!;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _options = GemmOptions.Force(Kernels.Gemm.Gemm.DefaultKernel, GemmRoute.Auto, Threads);
        var rng = new System.Random(1);
        if (DType == DType.Float32)
        {
            _f32.Fill(rng, Shape.M * Shape.K, Shape.K * Shape.N, Shape.M * Shape.N);
        }
        else
        {
            _f64.Fill(rng, Shape.M * Shape.K, Shape.K * Shape.N, Shape.M * Shape.N);
        }
    }

    [Benchmark]
    public void Gemm()
    {
        GemmShape s = Shape;
        Transpose ta = s.Form[0] == 'T' ? Transpose.Transposed : Transpose.None;
        Transpose tb = s.Form[1] == 'T' ? Transpose.Transposed : Transpose.None;
        if (DType == DType.Float32)
        {
            _f32.Multiply(_options, ta, tb, s.M, s.N, s.K);
        }
        else
        {
            _f64.Multiply(_options, ta, tb, s.M, s.N, s.K);
        }
    }
}

/// <summary>A, B and C of one benchmark in one element type, filled with values in [−0.5, 0.5).</summary>
internal sealed class GemmOperandsOf<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private T[] _a = [];
    private T[] _b = [];
    private T[] _c = [];

    public void Fill(System.Random rng, int aLength, int bLength, int cLength)
    {
        _a = SquareGemmBenchmarks.Filled(rng, aLength).Select(T.CreateTruncating).ToArray();
        _b = SquareGemmBenchmarks.Filled(rng, bLength).Select(T.CreateTruncating).ToArray();
        _c = new T[cLength];
    }

    /// <summary>C = op(A)·op(B), tightly stored (leading dimensions are the stored rows' lengths).</summary>
    public void Multiply(in GemmOptions options, Transpose ta, Transpose tb, int m, int n, int k)
    {
        int lda = ta == Transpose.None ? k : m;
        int ldb = tb == Transpose.None ? n : k;
        Kernels.Gemm.Gemm.Multiply(options, ta, tb, m, n, k, T.One, _a, lda, _b, ldb, T.Zero, _c, n);
    }
}
