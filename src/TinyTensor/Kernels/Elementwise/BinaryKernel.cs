using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TinyTensor.Kernels.Elementwise;

/// <summary>
/// The one driver behind every elementwise binary op: d[i] = op(x[i], y[i]) over a run of <c>n</c> elements of type
/// <c>T</c> (double or float), where each operand is streamed or broadcast (<see cref="IOperand"/>). The widest
/// accelerated vector does the bulk (512-bit two vectors per step, so that short, L1-resident rows keep both load ports
/// busy); the remainder goes through the narrower widths and then scalars, so every length and every SIMD switch gives
/// the same values (each op is exact per element, independent of width). A float32 run moves twice the elements per
/// vector of the same body.
/// </summary>
/// <remarks>The destination may be the same memory as an operand (element i is read before it is written); a partial
/// overlap must be resolved by the caller.</remarks>
internal static class BinaryKernel
{
    /// <summary>d = op(x, y) elementwise; spans of equal length.</summary>
    public static void Run<TOp, T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d)
        where TOp : IBinaryOperator
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Run<TOp, T, Streamed, Streamed>(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y), ref MemoryMarshal.GetReference(d), d.Length);

    /// <summary>d = op(x, y) with y one value for every element.</summary>
    public static void Run<TOp, T>(ReadOnlySpan<T> x, T y, Span<T> d)
        where TOp : IBinaryOperator
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Run<TOp, T, Streamed, Broadcast>(ref MemoryMarshal.GetReference(x), ref y, ref MemoryMarshal.GetReference(d), d.Length);

    /// <summary>d = op(x, y) with x one value for every element.</summary>
    public static void Run<TOp, T>(T x, ReadOnlySpan<T> y, Span<T> d)
        where TOp : IBinaryOperator
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Run<TOp, T, Broadcast, Streamed>(ref x, ref MemoryMarshal.GetReference(y), ref MemoryMarshal.GetReference(d), d.Length);

    /// <summary>The run over raw references: <paramref name="n"/> results from the operands' origins.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run<TOp, T, TX, TY>(ref T x, ref T y, ref T d, int n)
        where TOp : IBinaryOperator
        where T : unmanaged, IFloatingPointIeee754<T>
        where TX : IOperand
        where TY : IOperand
    {
        nuint i = 0;
        nuint count = (nuint)n;
        if (Vector512.IsHardwareAccelerated && count >= (nuint)Vector512<T>.Count)
        {
            nuint width = (nuint)Vector512<T>.Count;
            for (; i + (2 * width) <= count; i += 2 * width)
            {
                Vector512<T> r0 = TOp.Invoke(TX.Load512(ref x, i), TY.Load512(ref y, i));
                Vector512<T> r1 = TOp.Invoke(TX.Load512(ref x, i + width), TY.Load512(ref y, i + width));
                r0.StoreUnsafe(ref d, i);
                r1.StoreUnsafe(ref d, i + width);
            }

            for (; i + width <= count; i += width)
            {
                TOp.Invoke(TX.Load512(ref x, i), TY.Load512(ref y, i)).StoreUnsafe(ref d, i);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            nuint width = (nuint)Vector256<T>.Count;
            for (; i + width <= count; i += width)
            {
                TOp.Invoke(TX.Load256(ref x, i), TY.Load256(ref y, i)).StoreUnsafe(ref d, i);
            }
        }

        if (Vector128.IsHardwareAccelerated)
        {
            nuint width = (nuint)Vector128<T>.Count;
            for (; i + width <= count; i += width)
            {
                TOp.Invoke(TX.Load128(ref x, i), TY.Load128(ref y, i)).StoreUnsafe(ref d, i);
            }
        }

        for (; i < count; i++)
        {
            Unsafe.Add(ref d, i) = TOp.Invoke(TX.Load(ref x, i), TY.Load(ref y, i));
        }
    }
}
