using System.Runtime.InteropServices;

namespace TinyTensor.Kernels.Gemm;

/// <summary>
/// One thread's packing buffers: 64-byte aligned native memory (a zmm load never splits a cache line), grown on
/// demand and then reused, so a warmed-up thread allocates nothing per product. Freed by the finaliser when the
/// thread that owns it has gone.
/// </summary>
internal sealed unsafe class GemmWorkspace
{
    private const nuint Alignment = 64;

    [ThreadStatic]
    private static GemmWorkspace? _current;

    private nuint _aCapacity;
    private nuint _bCapacity;

    private GemmWorkspace()
    {
        Tile = (double*)NativeMemory.AlignedAlloc(GemmBlocking.MaxMR * GemmBlocking.MaxNR * sizeof(double), Alignment);
    }

    ~GemmWorkspace()
    {
        NativeMemory.AlignedFree(A);
        NativeMemory.AlignedFree(B);
        NativeMemory.AlignedFree(Tile);
    }

    /// <summary>The calling thread's workspace.</summary>
    public static GemmWorkspace Current => _current ??= new GemmWorkspace();

    /// <summary>The packed block of A (MC × KC at most).</summary>
    public double* A { get; private set; }

    /// <summary>The packed panel of B (KC × NC at most), or the small path's transposed B.</summary>
    public double* B { get; private set; }

    /// <summary>An MR × NR tile (row stride NR) for the partial tiles at the edges of C.</summary>
    public double* Tile { get; }

    /// <summary>Makes <see cref="A"/> hold at least <paramref name="doubles"/> values.</summary>
    public void EnsureA(nuint doubles)
    {
        if (doubles > _aCapacity)
        {
            A = (double*)NativeMemory.AlignedRealloc(A, doubles * sizeof(double), Alignment);
            _aCapacity = doubles;
        }
    }

    /// <summary>Makes <see cref="B"/> hold at least <paramref name="doubles"/> values.</summary>
    public void EnsureB(nuint doubles)
    {
        if (doubles > _bCapacity)
        {
            B = (double*)NativeMemory.AlignedRealloc(B, doubles * sizeof(double), Alignment);
            _bCapacity = doubles;
        }
    }
}
