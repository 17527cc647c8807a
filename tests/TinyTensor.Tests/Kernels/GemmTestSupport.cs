using System.Globalization;
using System.Numerics;
using TinyTensor.Kernels.Gemm;

namespace TinyTensor.Tests.Kernels;

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

    public static string Describe<T>(GemmKernelKind kernel, GemmRoute route, Transpose ta, Transpose tb, int m, int n,
        int k, double alpha, double beta) => string.Create(CultureInfo.InvariantCulture,
        $"{typeof(T).Name} {kernel}/{route} {Form(ta, tb)} m={m} n={n} k={k} α={alpha} β={beta}");

    /// <summary>The values of <paramref name="x"/> rounded to <typeparamref name="T"/> (NaN stays NaN).</summary>
    public static T[] To<T>(double[] x)
        where T : INumberBase<T> => x.Select(T.CreateTruncating).ToArray();

    /// <summary>The values of <paramref name="x"/> widened to double (exact).</summary>
    public static double[] Widen<T>(T[] x)
        where T : INumberBase<T> => x.Select(double.CreateTruncating).ToArray();

    /// <summary>Each value's bits, widened to double first (exact and one-to-one for float).</summary>
    public static long[] Bits<T>(T[] x)
        where T : INumberBase<T> => x.Select(v => BitConverter.DoubleToInt64Bits(double.CreateTruncating(v))).ToArray();

    /// <summary>The machine epsilon of <typeparamref name="T"/> (2⁻⁵² for double, 2⁻²³ for float).</summary>
    public static double Epsilon<T>()
        where T : IFloatingPointIeee754<T> => double.CreateTruncating(T.BitIncrement(T.One) - T.One);

    /// <summary>"Float64" → double, "Float32" → float: element types travel as names into public test methods.</summary>
    public static Type ElementType(string name) => name switch
    {
        "Float64" => typeof(double),
        "Float32" => typeof(float),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "expected Float64 or Float32"),
    };

    /// <summary>The element types every GEMM test runs on.</summary>
    public static readonly string[] ElementTypes = ["Float64", "Float32"];

    /// <summary>The kernels every GEMM test runs on.</summary>
    public static readonly string[] Kernels = ["Vector512", "Vector256", "Scalar"];

    public static string Form(Transpose ta, Transpose tb) =>
        (ta == Transpose.None ? "N" : "T") + (tb == Transpose.None ? "N" : "T");

    /// <summary>"NN", "TN" or "NT" as the two operand flags.</summary>
    public static (Transpose A, Transpose B) ParseForm(string form) =>
        (form[0] == 'T' ? Transpose.Transposed : Transpose.None, form[1] == 'T' ? Transpose.Transposed : Transpose.None);

    public static GemmKernelKind ParseKernel(string kernel) => Enum.Parse<GemmKernelKind>(kernel);

    public static (int MR, int NR) Tile<T>(GemmKernelKind kernel)
    {
        GemmBlocks blocks = GemmBlocking.For<T>(kernel);
        return (blocks.MR, blocks.NR);
    }
}
