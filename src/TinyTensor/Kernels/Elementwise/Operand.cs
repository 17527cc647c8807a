using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TinyTensor.Kernels.Elementwise;

/// <summary>
/// How a binary kernel reads one operand along a run: <see cref="Streamed"/> reads element i, <see cref="Broadcast"/>
/// repeats one value (a stretched axis of length 1). Making this a type parameter lets one loop serve tensor∘tensor,
/// tensor∘scalar and scalar∘tensor runs.
/// </summary>
internal interface IOperand
{
    static abstract double Load(ref double origin, nuint i);

    static abstract Vector128<double> Load128(ref double origin, nuint i);

    static abstract Vector256<double> Load256(ref double origin, nuint i);

    static abstract Vector512<double> Load512(ref double origin, nuint i);
}

/// <summary>Element i of a contiguous run.</summary>
internal readonly struct Streamed : IOperand
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Load(ref double origin, nuint i) => Unsafe.Add(ref origin, i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Load128(ref double origin, nuint i) => Vector128.LoadUnsafe(ref origin, i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Load256(ref double origin, nuint i) => Vector256.LoadUnsafe(ref origin, i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Load512(ref double origin, nuint i) => Vector512.LoadUnsafe(ref origin, i);
}

/// <summary>The one value at the origin, for every i.</summary>
internal readonly struct Broadcast : IOperand
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Load(ref double origin, nuint i) => origin;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Load128(ref double origin, nuint i) => Vector128.Create(origin);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Load256(ref double origin, nuint i) => Vector256.Create(origin);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Load512(ref double origin, nuint i) => Vector512.Create(origin);
}
