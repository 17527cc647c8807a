using System.Runtime.InteropServices;

namespace TinyTensor.Kernels.Gemm;

/// <summary>
/// One thread's packing buffers: 64-byte aligned native memory (a zmm load never splits a cache line), grown on
/// demand and then reused, so a warmed-up thread allocates nothing per product. Untyped bytes, handed out as the
/// element type of the product in hand. Freed by the finaliser when the thread that owns it has gone.
/// </summary>
internal sealed unsafe class GemmWorkspace
{
    private const nuint Alignment = 64;

    /// <summary>Bytes of the edge tile: the largest MR × NR of any kernel, in the widest element (8 bytes).</summary>
    private const nuint TileBytes = GemmBlocking.MaxMR * GemmBlocking.MaxNR * sizeof(double);

    [ThreadStatic]
    private static GemmWorkspace? _current;

    private void* _a;
    private void* _b;
    private readonly void* _tile;
    private nuint _aBytes;
    private nuint _bBytes;

    private GemmWorkspace()
    {
        _tile = NativeMemory.AlignedAlloc(TileBytes, Alignment);
    }

    ~GemmWorkspace()
    {
        NativeMemory.AlignedFree(_a);
        NativeMemory.AlignedFree(_b);
        NativeMemory.AlignedFree(_tile);
    }

    /// <summary>The calling thread's workspace.</summary>
    public static GemmWorkspace Current => _current ??= new GemmWorkspace();

    /// <summary>An MR × NR tile (row stride NR) for the partial tiles at the edges of C.</summary>
    public T* Tile<T>()
        where T : unmanaged => (T*)_tile;

    /// <summary>The packed block of A (MC × KC at most), holding at least <paramref name="count"/> values.</summary>
    public T* EnsureA<T>(nuint count)
        where T : unmanaged => (T*)Ensure(ref _a, ref _aBytes, count * (nuint)sizeof(T));

    /// <summary>The packed panel of B (KC × NC at most) or a route's transposed B, at least <paramref name="count"/> values.</summary>
    public T* EnsureB<T>(nuint count)
        where T : unmanaged => (T*)Ensure(ref _b, ref _bBytes, count * (nuint)sizeof(T));

    private static void* Ensure(ref void* buffer, ref nuint capacity, nuint bytes)
    {
        if (bytes > capacity)
        {
            buffer = NativeMemory.AlignedRealloc(buffer, bytes, Alignment);
            capacity = bytes;
        }

        return buffer;
    }
}
