using System.Globalization;
using TinyTensor.Kernels.Gemm;

namespace TinyTensor.Tests.Kernels;

/// <summary>Forces a GEMM kernel and route for the duration of a test and restores the previous choice.</summary>
internal readonly struct GemmOverride : IDisposable
{
    private readonly GemmKernelKind _kernel;
    private readonly GemmRoute _route;
    private readonly int _threads;

    private GemmOverride(GemmKernelKind kernel, GemmRoute route, int threads)
    {
        _kernel = Gemm.Kernel;
        _route = Gemm.Route;
        _threads = Parallelism.NumThreads;
        Gemm.Kernel = kernel;
        Gemm.Route = route;
        Parallelism.NumThreads = threads;
    }

    public static GemmOverride Force(GemmKernelKind kernel, GemmRoute route = GemmRoute.Auto, int threads = 1) =>
        new(kernel, route, threads);

    public void Dispose()
    {
        Gemm.Kernel = _kernel;
        Gemm.Route = _route;
        Parallelism.NumThreads = _threads;
    }
}

/// <summary>Operands stored with leading dimensions wider than the matrix, the gaps filled with NaN.</summary>
internal static class GemmOperands
{
    /// <summary>A (rows, cols) matrix stored with leading dimension cols + pad; gaps hold NaN.</summary>
    public static double[] Random(System.Random rng, int rows, int cols, int pad, out int ld)
    {
        ld = cols + pad;
        double[] data = new double[Math.Max(1, rows * ld)];
        Array.Fill(data, double.NaN);
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                data[(i * ld) + j] = (rng.NextDouble() * 2.0) - 1.0;
            }
        }

        return data;
    }

    /// <summary>op(A) is (m, k): stored as (m, k), or as (k, m) when transposed.</summary>
    public static double[] OperandA(System.Random rng, Transpose ta, int m, int k, int pad, out int lda) =>
        ta == Transpose.None ? Random(rng, m, k, pad, out lda) : Random(rng, k, m, pad, out lda);

    /// <summary>op(B) is (k, n): stored as (k, n), or as (n, k) when transposed.</summary>
    public static double[] OperandB(System.Random rng, Transpose tb, int k, int n, int pad, out int ldb) =>
        tb == Transpose.None ? Random(rng, k, n, pad, out ldb) : Random(rng, n, k, pad, out ldb);

    public static string Describe(GemmKernelKind kernel, GemmRoute route, Transpose ta, Transpose tb, int m, int n, int k,
        double alpha, double beta) => string.Create(CultureInfo.InvariantCulture,
        $"{kernel}/{route} {Form(ta, tb)} m={m} n={n} k={k} α={alpha} β={beta}");

    public static string Form(Transpose ta, Transpose tb) =>
        (ta == Transpose.None ? "N" : "T") + (tb == Transpose.None ? "N" : "T");

    /// <summary>"NN", "TN" or "NT" as the two operand flags.</summary>
    public static (Transpose A, Transpose B) ParseForm(string form) =>
        (form[0] == 'T' ? Transpose.Transposed : Transpose.None, form[1] == 'T' ? Transpose.Transposed : Transpose.None);

    public static GemmKernelKind ParseKernel(string kernel) => Enum.Parse<GemmKernelKind>(kernel);

    public static (int MR, int NR) Tile(GemmKernelKind kernel) => kernel switch
    {
        GemmKernelKind.Vector512 => (GemmBlocking.Vector512MR, GemmBlocking.Vector512NR),
        GemmKernelKind.Vector256 => (GemmBlocking.Vector256MR, GemmBlocking.Vector256NR),
        _ => (GemmBlocking.ScalarMR, GemmBlocking.ScalarNR),
    };
}
