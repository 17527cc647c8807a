using TinyTensor.Internal;
using TinyTensor.Kernels.Gemm;

namespace TinyTensor;

public sealed partial class Tensor
{
    /// <summary>The matrix product <c>a · b</c> (NumPy's <c>a @ b</c>) in a new tensor of the operands' element type
    /// (the GEMM of that type: float32 products accumulate in float32, as <c>sgemm</c>).</summary>
    /// <param name="a">An (m, k) matrix.</param>
    /// <param name="b">A (k, n) matrix.</param>
    /// <returns>A new (m, n) matrix.</returns>
    /// <exception cref="ArgumentException">An operand is not 2-D, the inner dimensions differ, or the operands' element
    /// types differ.</exception>
    public static Tensor MatMul(Tensor a, Tensor b)
    {
        CheckMatMulOperands(a, b);
        var destination = new Tensor(a._dtype, a.Rows, b.Columns);
        MultiplyUnchecked(a, b, destination);
        return destination;
    }

    /// <summary>The matrix product <c>a · b</c> written into <paramref name="destination"/> (overwritten).</summary>
    /// <param name="a">An (m, k) matrix.</param>
    /// <param name="b">A (k, n) matrix.</param>
    /// <param name="destination">An (m, n) matrix of the operands' element type, sharing no memory with
    /// <paramref name="a"/> or <paramref name="b"/>.</param>
    /// <exception cref="ArgumentException">The shapes or the element types do not agree, or the destination overlaps an
    /// operand.</exception>
    public static void MatMul(Tensor a, Tensor b, Tensor destination)
    {
        CheckMatMulOperands(a, b);
        ArgumentNullException.ThrowIfNull(destination);
        destination.RequireDType(a._dtype, nameof(MatMul), nameof(destination), nameof(a));
        if (!destination.HasShape(a.Rows, b.Columns))
        {
            ThrowHelper.Argument(nameof(destination),
                $"MatMul: {a.ShapeText} · {b.ShapeText} gives ({a.Rows}, {b.Columns}), but the destination has shape {destination.ShapeText}.");
        }

        if (destination.Overlaps(a) || destination.Overlaps(b))
        {
            ThrowHelper.Argument(nameof(destination), "MatMul: the destination must not share memory with an operand.");
        }

        MultiplyUnchecked(a, b, destination);
    }

    private static void MultiplyUnchecked(Tensor a, Tensor b, Tensor destination)
    {
        if (a._dtype == DType.Float32)
        {
            Gemm.Multiply(Kernels.Gemm.Transpose.None, Kernels.Gemm.Transpose.None, a.Rows, b.Columns, a.Columns,
                1.0f, a.AsReadOnlySpan<float>(), a.Columns, b.AsReadOnlySpan<float>(), b.Columns, 0.0f, destination.AsSpan<float>(), b.Columns);
        }
        else
        {
            Gemm.Multiply(Kernels.Gemm.Transpose.None, Kernels.Gemm.Transpose.None, a.Rows, b.Columns, a.Columns,
                1.0, a.AsReadOnlySpan<double>(), a.Columns, b.AsReadOnlySpan<double>(), b.Columns, 0.0, destination.AsSpan<double>(), b.Columns);
        }
    }

    private static void CheckMatMulOperands(Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Rank != 2 || b.Rank != 2)
        {
            ThrowHelper.Argument(a.Rank != 2 ? nameof(a) : nameof(b),
                $"MatMul: {a.ShapeText} · {b.ShapeText}: both operands must be 2-D matrices.");
        }

        if (a.Columns != b.Rows)
        {
            ThrowHelper.Argument(nameof(b),
                $"MatMul: {a.ShapeText} · {b.ShapeText}: inner dimensions {a.Columns} and {b.Rows} differ.");
        }

        RequireSameDType(a, b, nameof(MatMul));
    }
}
