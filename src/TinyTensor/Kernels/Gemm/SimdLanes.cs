using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace TinyTensor.Kernels.Gemm;

/// <summary>
/// One vector width as a type, for code written once over every width (<see cref="GemmSmall"/>'s column and row
/// sweeps): a lane struct wrapping a <c>Vector128/256/512&lt;T&gt;</c>, so a generic driver instantiated with
/// <see cref="Lanes512{T}"/>, <see cref="Lanes256{T}"/> or <see cref="Lanes128{T}"/> compiles to the hand-typed loop
/// of that width (static abstract members: no virtual call; the single-field struct stays in a register).
/// The small route uses only the separate multiply and add: its bits are NumPy's, product rounded then sum rounded.
/// </summary>
internal unsafe interface ILanes<TSelf, T>
    where TSelf : struct, ILanes<TSelf, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Elements per vector.</summary>
    static abstract int Count { get; }

    /// <summary>Count contiguous elements from <paramref name="p"/>.</summary>
    static abstract TSelf Load(T* p);

    /// <summary>Every lane <paramref name="x"/>.</summary>
    static abstract TSelf Broadcast(T x);

    /// <summary>p[0], p[stride], p[2·stride], … (a column of a row-major matrix).</summary>
    static abstract TSelf Gather(T* p, nint stride);

    static abstract TSelf operator +(TSelf x, TSelf y);

    static abstract TSelf operator *(TSelf x, TSelf y);

    /// <summary>x·y + acc with one rounding (not used by the small route, whose bits are NumPy's unfused order).</summary>
    static abstract TSelf FusedMultiplyAdd(TSelf x, TSelf y, TSelf acc);

    /// <summary>The sum of the lanes.</summary>
    T Sum();

    /// <summary>Stores the lanes contiguously at <paramref name="p"/>.</summary>
    void Store(T* p);

    /// <summary>p[i·stride] = lane i.</summary>
    void Scatter(T* p, nint stride);
}

/// <summary>512-bit lanes.</summary>
internal readonly unsafe struct Lanes512<T> : ILanes<Lanes512<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Vector512<T> _v;

    private Lanes512(Vector512<T> v) => _v = v;

    public static int Count => Vector512<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> Load(T* p) => new(Vector512.Load(p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> Broadcast(T x) => new(Vector512.Create(x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> Gather(T* p, nint stride)
    {
        Unsafe.SkipInit(out Vector512<T> v);
        ref T lane = ref Unsafe.As<Vector512<T>, T>(ref v);
        for (int i = 0; i < Vector512<T>.Count; i++)
        {
            Unsafe.Add(ref lane, i) = p[i * stride];
        }

        return new(v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> operator +(Lanes512<T> x, Lanes512<T> y) => new(x._v + y._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> operator *(Lanes512<T> x, Lanes512<T> y) => new(x._v * y._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512<T> FusedMultiplyAdd(Lanes512<T> x, Lanes512<T> y, Lanes512<T> acc) =>
        new(SimdFma.Fma(x._v, y._v, acc._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Sum() => Vector512.Sum(_v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(T* p) => _v.Store(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Scatter(T* p, nint stride)
    {
        for (int i = 0; i < Vector512<T>.Count; i++)
        {
            p[i * stride] = _v.GetElement(i);
        }
    }
}

/// <summary>256-bit lanes.</summary>
internal readonly unsafe struct Lanes256<T> : ILanes<Lanes256<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Vector256<T> _v;

    private Lanes256(Vector256<T> v) => _v = v;

    public static int Count => Vector256<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> Load(T* p) => new(Vector256.Load(p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> Broadcast(T x) => new(Vector256.Create(x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> Gather(T* p, nint stride)
    {
        Unsafe.SkipInit(out Vector256<T> v);
        ref T lane = ref Unsafe.As<Vector256<T>, T>(ref v);
        for (int i = 0; i < Vector256<T>.Count; i++)
        {
            Unsafe.Add(ref lane, i) = p[i * stride];
        }

        return new(v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> operator +(Lanes256<T> x, Lanes256<T> y) => new(x._v + y._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> operator *(Lanes256<T> x, Lanes256<T> y) => new(x._v * y._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256<T> FusedMultiplyAdd(Lanes256<T> x, Lanes256<T> y, Lanes256<T> acc) =>
        new(SimdFma.Fma(x._v, y._v, acc._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Sum() => Vector256.Sum(_v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(T* p) => _v.Store(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Scatter(T* p, nint stride)
    {
        for (int i = 0; i < Vector256<T>.Count; i++)
        {
            p[i * stride] = _v.GetElement(i);
        }
    }
}

/// <summary>128-bit lanes.</summary>
internal readonly unsafe struct Lanes128<T> : ILanes<Lanes128<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Vector128<T> _v;

    private Lanes128(Vector128<T> v) => _v = v;

    public static int Count => Vector128<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> Load(T* p) => new(Vector128.Load(p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> Broadcast(T x) => new(Vector128.Create(x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> Gather(T* p, nint stride)
    {
        Unsafe.SkipInit(out Vector128<T> v);
        ref T lane = ref Unsafe.As<Vector128<T>, T>(ref v);
        for (int i = 0; i < Vector128<T>.Count; i++)
        {
            Unsafe.Add(ref lane, i) = p[i * stride];
        }

        return new(v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> operator +(Lanes128<T> x, Lanes128<T> y) => new(x._v + y._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> operator *(Lanes128<T> x, Lanes128<T> y) => new(x._v * y._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128<T> FusedMultiplyAdd(Lanes128<T> x, Lanes128<T> y, Lanes128<T> acc) =>
        new(SimdFma.Fma(x._v, y._v, acc._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Sum() => Vector128.Sum(_v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(T* p) => _v.Store(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Scatter(T* p, nint stride)
    {
        for (int i = 0; i < Vector128<T>.Count; i++)
        {
            p[i * stride] = _v.GetElement(i);
        }
    }
}
