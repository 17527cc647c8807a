using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TinyTensor.Kernels.Elementwise;

/// <summary>
/// How a binary kernel reads one operand along a run: <see cref="Streamed"/> reads element i, <see cref="Broadcast"/>
/// repeats one value (a stretched axis of length 1). Making this a type parameter lets one loop serve tensor∘tensor,
/// tensor∘scalar and scalar∘tensor runs, in either element type.
/// </summary>
internal interface IOperand
{
    static abstract T Load<T>(ref T origin, nuint i)
        where T : unmanaged;

    static abstract Vector128<T> Load128<T>(ref T origin, nuint i)
        where T : unmanaged;

    static abstract Vector256<T> Load256<T>(ref T origin, nuint i)
        where T : unmanaged;

    static abstract Vector512<T> Load512<T>(ref T origin, nuint i)
        where T : unmanaged;
}

/// <summary>Element i of a contiguous run.</summary>
internal readonly struct Streamed : IOperand
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Load<T>(ref T origin, nuint i)
        where T : unmanaged => Unsafe.Add(ref origin, i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Load128<T>(ref T origin, nuint i)
        where T : unmanaged => Vector128.LoadUnsafe(ref origin, i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load256<T>(ref T origin, nuint i)
        where T : unmanaged => Vector256.LoadUnsafe(ref origin, i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load512<T>(ref T origin, nuint i)
        where T : unmanaged => Vector512.LoadUnsafe(ref origin, i);
}

/// <summary>The one value at the origin, for every i.</summary>
internal readonly struct Broadcast : IOperand
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Load<T>(ref T origin, nuint i)
        where T : unmanaged => origin;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Load128<T>(ref T origin, nuint i)
        where T : unmanaged => Vector128.Create(origin);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load256<T>(ref T origin, nuint i)
        where T : unmanaged => Vector256.Create(origin);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load512<T>(ref T origin, nuint i)
        where T : unmanaged => Vector512.Create(origin);
}
