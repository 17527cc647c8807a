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
        // Spelled out per element type so the JIT builds the vector in registers (a loop through a stack copy
        // would stall on store forwarding).
        if (typeof(T) == typeof(double))
        {
            double* d = (double*)p;
            return new(Vector512.Create(d[0], d[stride], d[2 * stride], d[3 * stride], d[4 * stride], d[5 * stride], d[6 * stride], d[7 * stride]).As<double, T>());
        }

        float* f = (float*)p;
        return new(Vector512.Create(f[0], f[stride], f[2 * stride], f[3 * stride], f[4 * stride], f[5 * stride], f[6 * stride], f[7 * stride], f[8 * stride], f[9 * stride], f[10 * stride], f[11 * stride], f[12 * stride], f[13 * stride], f[14 * stride], f[15 * stride]).As<float, T>());
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
        if (typeof(T) == typeof(double))
        {
            Vector512<double> v = _v.AsDouble();
            double* d = (double*)p;
            d[0] = v.GetElement(0);
            d[stride] = v.GetElement(1);
            d[2 * stride] = v.GetElement(2);
            d[3 * stride] = v.GetElement(3);
            d[4 * stride] = v.GetElement(4);
            d[5 * stride] = v.GetElement(5);
            d[6 * stride] = v.GetElement(6);
            d[7 * stride] = v.GetElement(7);
            return;
        }

        Vector512<float> w = _v.AsSingle();
        float* f = (float*)p;
        f[0] = w.GetElement(0);
        f[stride] = w.GetElement(1);
        f[2 * stride] = w.GetElement(2);
        f[3 * stride] = w.GetElement(3);
        f[4 * stride] = w.GetElement(4);
        f[5 * stride] = w.GetElement(5);
        f[6 * stride] = w.GetElement(6);
        f[7 * stride] = w.GetElement(7);
        f[8 * stride] = w.GetElement(8);
        f[9 * stride] = w.GetElement(9);
        f[10 * stride] = w.GetElement(10);
        f[11 * stride] = w.GetElement(11);
        f[12 * stride] = w.GetElement(12);
        f[13 * stride] = w.GetElement(13);
        f[14 * stride] = w.GetElement(14);
        f[15 * stride] = w.GetElement(15);
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
        // Spelled out per element type so the JIT builds the vector in registers (a loop through a stack copy
        // would stall on store forwarding).
        if (typeof(T) == typeof(double))
        {
            double* d = (double*)p;
            return new(Vector256.Create(d[0], d[stride], d[2 * stride], d[3 * stride]).As<double, T>());
        }

        float* f = (float*)p;
        return new(Vector256.Create(f[0], f[stride], f[2 * stride], f[3 * stride], f[4 * stride], f[5 * stride], f[6 * stride], f[7 * stride]).As<float, T>());
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
        if (typeof(T) == typeof(double))
        {
            Vector256<double> v = _v.AsDouble();
            double* d = (double*)p;
            d[0] = v.GetElement(0);
            d[stride] = v.GetElement(1);
            d[2 * stride] = v.GetElement(2);
            d[3 * stride] = v.GetElement(3);
            return;
        }

        Vector256<float> w = _v.AsSingle();
        float* f = (float*)p;
        f[0] = w.GetElement(0);
        f[stride] = w.GetElement(1);
        f[2 * stride] = w.GetElement(2);
        f[3 * stride] = w.GetElement(3);
        f[4 * stride] = w.GetElement(4);
        f[5 * stride] = w.GetElement(5);
        f[6 * stride] = w.GetElement(6);
        f[7 * stride] = w.GetElement(7);
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
        // Spelled out per element type so the JIT builds the vector in registers (a loop through a stack copy
        // would stall on store forwarding).
        if (typeof(T) == typeof(double))
        {
            double* d = (double*)p;
            return new(Vector128.Create(d[0], d[stride]).As<double, T>());
        }

        float* f = (float*)p;
        return new(Vector128.Create(f[0], f[stride], f[2 * stride], f[3 * stride]).As<float, T>());
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
        if (typeof(T) == typeof(double))
        {
            Vector128<double> v = _v.AsDouble();
            double* d = (double*)p;
            d[0] = v.GetElement(0);
            d[stride] = v.GetElement(1);
            return;
        }

        Vector128<float> w = _v.AsSingle();
        float* f = (float*)p;
        f[0] = w.GetElement(0);
        f[stride] = w.GetElement(1);
        f[2 * stride] = w.GetElement(2);
        f[3 * stride] = w.GetElement(3);
    }
}
