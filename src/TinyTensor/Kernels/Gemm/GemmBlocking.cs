using System.Runtime.CompilerServices;

namespace TinyTensor.Kernels.Gemm;

/// <summary>
/// The block sizes of one (element type, ISA): the descriptor <see cref="GemmPlanner"/> and
/// <see cref="GemmPacked"/> read, made by <see cref="GemmBlocking.For{T}(GemmKernelKind)"/>.
/// </summary>
/// <param name="ElementSize">Bytes per element (8 for float64, 4 for float32).</param>
/// <param name="MR">Rows of the packed route's register tile.</param>
/// <param name="NR">Columns of the packed route's register tile.</param>
/// <param name="KC">Depth of a packed panel.</param>
/// <param name="MC">Rows of a packed A block (a multiple of every MR of the type).</param>
/// <param name="NC">Columns of a packed B panel (a multiple of every NR of the type).</param>
/// <param name="ThinRows">Rows of C per <see cref="GemmThin"/> tile (two Vector512 of the type).</param>
internal readonly record struct GemmBlocks(int ElementSize, int MR, int NR, int KC, int MC, int NC, int ThinRows)
{
    // The route thresholds (SmallProductLimit, DirectMinProduct, ThinDimension, ParallelFlopLimit) are the same for
    // every descriptor and live as constants in GemmBlocking, so a descriptor is only its block sizes.
}

/// <summary>
/// Every block size of the GEMM in one place, per (element type, ISA), with the reason for each. The machine these
/// were tuned on: 2 cores, AVX-512 with two FMA pipes, 32–48 KiB L1d and 1 MiB L2 per core, 32 MiB shared L3.
/// </summary>
/// <remarks>
/// The loop nest (BLIS): jc over n by NC → pc over k by KC (pack a KC×NC panel of B) → ic over m by MC (pack an
/// MC×KC block of A) → jr over NR → ir over MR → the micro-kernel, which keeps an MR×NR tile of C in registers for
/// kc steps. Constraints: MC is a multiple of every kernel's MR and NC of every kernel's NR, so only the last block
/// of a dimension has a partial tile.
/// <para>The descriptors, (type, ISA) → MR×NR, KC, MC, NC:</para>
/// <list type="table">
/// <listheader><term>type, ISA</term><description>MR×NR · KC · MC · NC</description></listheader>
/// <item><term>float64, Vector512</term><description>8×16 · 256 · 240 · 2048 (the constants below, measured in float64)</description></item>
/// <item><term>float64, Vector256</term><description>6×8 · 256 · 240 · 2048</description></item>
/// <item><term>float64, Scalar</term><description>4×4 · 256 · 240 · 2048</description></item>
/// <item><term>float32, Vector512</term><description>8×32 · 256 · <see cref="Float32MC"/> · 2048</description></item>
/// <item><term>float32, Vector256</term><description>6×16 · 256 · <see cref="Float32MC"/> · 2048</description></item>
/// <item><term>float32, Scalar</term><description>4×4 · 256 · <see cref="Float32MC"/> · 2048</description></item>
/// </list>
/// The register tile is the same number of vectors in both types (the kernels are generic in T: two vectors of a
/// row per tile), so a float32 tile is twice as wide in elements. The route thresholds
/// (<see cref="SmallProductLimit"/>, <see cref="DirectMinProduct"/>, <see cref="ThinDimension"/>,
/// <see cref="ParallelFlopLimit"/>) were measured in float64 and are shared by float32 unmeasured.
/// </remarks>
internal static class GemmBlocking
{
    /// <summary>Rows of the Vector512 register tile (both types).</summary>
    /// <remarks>8 rows × 2 zmm = 16 accumulators: twice the FMA latency (4) × pipes (2) needed to hide it, with
    /// registers to spare, so the JIT never spills. On L1-resident panels 8×16, 8×24, 9×24, 12×16 and 14×16 all
    /// measured the same here (the FMA ceiling); over a whole packed block 8×16 and 8×24 ran 56, 12×16 and 14×16
    /// 54–55 GFLOP/s. 8×16 is kept: 8 divides the batch sizes the layers use (32, 128, 256), so their row tiles are
    /// never partial, and a narrow NR wastes least on thin C (n = 10 fills 10 of 16 columns, 10 of 24).
    /// <para>float32 (the same kernel body, 8×32): over the whole packed GEMM, n = 1024, one thread, three interleaved
    /// rounds of 2 s on the shared machine, 8×32 ran 237–244 median / 246–251 best GFLOP/s, 12×32 (MC 240) 238–242 /
    /// 244–247, 14×32 (28 accumulators, MC 238) 236–237 / 242–244, against a probed float32 peak of ≈ 277 on one core.
    /// 8×32 is kept: no measurable gain from the taller tiles, and the one generic body serves both types.</para></remarks>
    public const int Vector512MR = 8;

    /// <summary>Columns of the float64 Vector512 register tile: two 8-double vectors (float32: two 16-float vectors, 32).</summary>
    public const int Vector512NR = 16;

    /// <summary>Rows of the Vector256 register tile.</summary>
    /// <remarks>6 × 2 ymm = 12 accumulators, + 2 for B + 1 broadcast = 15: fits the 16 ymm registers of an AVX2
    /// machine without AVX-512 (the classic Haswell 6×8 shape).</remarks>
    public const int Vector256MR = 6;

    /// <summary>Columns of the float64 Vector256 register tile: two 4-double vectors (float32: two 8-float vectors, 16).</summary>
    public const int Vector256NR = 8;

    /// <summary>Rows of the scalar register tile: 4×4 = 16 accumulators fit the 16 general SIMD registers.</summary>
    public const int ScalarMR = 4;

    /// <summary>Columns of the scalar register tile.</summary>
    public const int ScalarNR = 4;

    /// <summary>The largest MR of any kernel: sizes the edge tile buffer.</summary>
    public const int MaxMR = 8;

    /// <summary>The largest NR of any kernel (float32's Vector512 tile, 32 floats).</summary>
    public const int MaxNR = 32;

    /// <summary>Depth of a packed panel (the k block).</summary>
    /// <remarks>Larger KC amortises loading and storing the C tile over more FMAs; the limit is the B strip
    /// (KC × NR values), reused by every A strip of a block and so meant to stay in L1: 256 × 16 × 8 B = 32 KiB in
    /// float64, 256 × 32 × 4 B = the same 32 KiB in float32, so both types share KC.
    /// The macro-kernel alone measured 55–56 GFLOP/s for KC = 128, 192, 256 and 384 alike (within noise), so the
    /// largest that fits L1 is kept. The k loop is balanced (k split into equal blocks ≤ KC) so no block is a
    /// sliver: k = 257 runs as 129 + 128, not 256 + 1.
    /// <para>Re-measured on the whole GEMM (one thread, n = 512/1024/2048, GFLOP/s, medians): KC 256 → 54/52–54/50–52;
    /// KC 128 → 51/51/50–51 (the C tile is loaded and stored twice as often); KC 192 → 53.5/52/52; KC 384 → 53.5/53.5/53;
    /// KC 512 with MC 120 → 54.5/54.5/52.5; KC 384 with MC 168 → 52.7/53.5/52.5. All within the ±2 of run-to-run noise:
    /// the block sizes are not where the gap to the micro-kernel (≈ 67 on L1-resident panels) goes. Skipping the
    /// packing altogether (timing only) gave 56/54.6/53.8, so packing costs ≈ 3 %; the rest is inside the macro-kernel.
    /// Also tried, no measurable gain, not kept: prefetching the next A lines in the k loop (Sse.Prefetch0, 8 or 16
    /// steps ahead), unrolling the k loop by 2, prefetching the next C tile as well as the current one, prefetching
    /// C into L2 instead of L1 (worse: 51/49 at n = 1024/2048), and 2 MiB-aligned packing buffers with
    /// madvise(MADV_HUGEPAGE).</para></remarks>
    public const int KC = 256;

    /// <summary>Rows of the packed A block (the m block).</summary>
    /// <remarks>The MC × KC block of A is read once per NR strip of B, so it must stay in L2: 240 × 256 × 8 B =
    /// 480 KiB, half the 1 MiB L2, leaving the other half for B strips and C tiles passing through. MC from 96 to 480
    /// measured within 5 % of each other. A multiple of every MR (8, 6, 4).</remarks>
    public const int MC = 240;

    /// <summary>Columns of the packed B panel (the n block).</summary>
    /// <remarks>The KC × NC panel of B lives in L3 and is reused by every MC block: 256 × 2048 × 8 B = 4 MiB per
    /// thread, well inside the 32 MiB L3 even with both threads. Wide, so A (the costlier operand to repack) is
    /// repacked only once per 2048 columns. A multiple of every NR (16, 8, 4).</remarks>
    public const int NC = 2048;

    /// <summary>Products with m·n·k at or below this take the unpacked small path.</summary>
    /// <remarks>Measured here (one thread, Vector512, best of 80 runs, GFLOP/s unpacked vs packed): n = 24: 42 vs 28,
    /// 32: 42 vs 44, 40: 43 vs 36, 48: 43 vs 47, 64: 41 vs 50, 80: 43 vs 52. The unpacked path is flat (no FMA, no
    /// packing), the packed one climbs as packing and tile edges amortise: they cross between 40³ and 48³. The
    /// unpacked path also keeps the notebook's tiny products in NumPy's exact summation order.</remarks>
    public const long SmallProductLimit = 40L * 40 * 40;

    /// <summary>A·B products in whole MR×NR tiles (8×16 in float64, 8×32 in float32) with k ≤ KC, from this m·n·k up to the flop limit, take the direct
    /// route (the Vector512 tile straight from A and B, no packing), even below <see cref="SmallProductLimit"/>.</summary>
    /// <remarks>Measured (one thread, GFLOP/s, direct vs the route taken before): n = 16: 43–46 vs 40 (small), 32: 54 vs 43 (small),
    /// 48: 56 vs 46 (packed), 64: 55.5 vs 49.5 (packed). Below 16³ the small path's NumPy summation order is kept:
    /// the notebook's products (10×4·4×10 and the like) are never in whole tiles anyway, but tiny products stay
    /// bit-identical to NumPy's.</remarks>
    public const long DirectMinProduct = 16L * 16 * 16;

    /// <summary>Products with m, n or k below this take the unpacked path whatever their size.</summary>
    /// <remarks>Thin in n (n &lt; 16) with more work than <see cref="SmallProductLimit"/> goes to <see cref="GemmThin"/>
    /// on the Vector512 kernel (vectorised along m or along k, every lane useful): (128×256)·(256×10) 31 → 49.5,
    /// (128×256)ᵀ·(128×10) 27 → 51.5 GFLOP/s. Thin in m or k stays on the small path.
    /// A thin C wastes most of each MR×NR tile on padding (n = 10 fills 10 of 16 columns) and a thin k
    /// leaves little work to amortise packing: measured (128×256)·(256×10) 31 vs 17 GFLOP/s,
    /// (128×10)·(10×256) 45 vs 40, (10×64)·(64×64) 32 vs 21 unpacked vs packed; at 16 they are even
    /// ((128×256)·(256×16) 42 vs 43) and beyond it packing wins ((16×784)·(784×256) 29 vs 40).</remarks>
    public const int ThinDimension = 16;

    /// <summary>Products with fewer flops (2·m·n·k) than this stay on one thread.</summary>
    /// <remarks>Waking a parked worker and joining it costs some 10–30 µs; at ≈ 50 GFLOP/s this many flops take
    /// ≈ 80 µs, so splitting below it would not pay.</remarks>
    public const long ParallelFlopLimit = 4_000_000;

    /// <summary>Rows of the packed A block in float32.</summary>
    /// <remarks>240 × 256 × 4 B = 240 KiB, a quarter of the L2 (float64's block in elements, half its bytes). Tried
    /// against 480 (float64's block in bytes), n = 1024, one thread, interleaved Stopwatch runs on the shared machine:
    /// best 237–244 vs 235–250 GFLOP/s, medians 135–229 vs 178–233, i.e. within the noise. 240 is kept because it
    /// keeps the conformance sweep's 2·MC+3 edge at float64's size (483 rather than 963, a third of the float32
    /// test time). A multiple of 8, 6 and 4.</remarks>
    public const int Float32MC = 240;

    /// <summary>The float64 descriptors.</summary>
    private static readonly GemmBlocks Float64Vector512 = new(8, Vector512MR, Vector512NR, KC, MC, NC, 16);
    private static readonly GemmBlocks Float64Vector256 = new(8, Vector256MR, Vector256NR, KC, MC, NC, 16);
    private static readonly GemmBlocks Float64Scalar = new(8, ScalarMR, ScalarNR, KC, MC, NC, 16);

    // float32: the same tiles in vectors, twice the columns. KC stays 256: the B strip is KC × NR × 4 B = 32 KiB,
    // the same bytes in L1 as float64's. NC stays 2048: the B panel is 2 MiB, half float64's, still repacking A once
    // per 2048 columns.
    private static readonly GemmBlocks Float32Vector512 = new(4, Vector512MR, 2 * Vector512NR, KC, Float32MC, NC, 32);
    private static readonly GemmBlocks Float32Vector256 = new(4, Vector256MR, 2 * Vector256NR, KC, Float32MC, NC, 32);
    private static readonly GemmBlocks Float32Scalar = new(4, ScalarMR, ScalarNR, KC, Float32MC, NC, 32);

    /// <summary>The descriptor of element type <typeparamref name="T"/> (double or float) on <paramref name="kind"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GemmBlocks For<T>(GemmKernelKind kind)
    {
        bool single = typeof(T) == typeof(float);
        return kind switch
        {
            GemmKernelKind.Vector512 => single ? Float32Vector512 : Float64Vector512,
            GemmKernelKind.Vector256 => single ? Float32Vector256 : Float64Vector256,
            _ => single ? Float32Scalar : Float64Scalar,
        };
    }
}
