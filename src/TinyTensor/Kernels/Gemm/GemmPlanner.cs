using System.Runtime.CompilerServices;

namespace TinyTensor.Kernels.Gemm;

/// <summary>
/// How a product is run: the route, and how many parts of C (runs of whole tiles along m or n, never k) it is cut
/// into. <c>Parts</c> = 1 runs on the calling thread; <c>Tiles</c> tiles of <c>TileSize</c> rows or columns in all.
/// </summary>
internal readonly record struct GemmPlan(GemmRoute Route, int Parts, bool SplitColumns, int Tiles, int TileSize);

/// <summary>
/// The GEMM's routing: one pure function from (element type, kernel, forced route, transposes, m, n, k, threads) to
/// a <see cref="GemmPlan"/>. Depends on sizes and configuration only, never on the data.
/// </summary>
/// <remarks>
/// The table, tried top to bottom under <see cref="GemmRoute.Auto"/> (thresholds per type in <see cref="GemmBlocks"/>;
/// MR, NR from <see cref="GemmBlocking.For{T}(GemmKernelKind)"/>):
/// <list type="table">
/// <listheader><term>route</term><description>when (Auto) · parts</description></listheader>
/// <item><term><see cref="GemmRoute.Direct"/></term><description>Vector512, A·B, m % MR = 0, n % NR = 0, k ≤ KC,
/// 16³ ≤ m·n·k and 2·m·n·k &lt; <see cref="GemmBlocking.ParallelFlopLimit"/> · always one part (the packed route's bits,
/// unpacked).</description></item>
/// <item><term><see cref="GemmRoute.Thin"/></term><description>small-eligible (next row), Vector512, n &lt; 16 and
/// m·n·k &gt; 40³ · rows split in tiles of 2·W (16 float64, 32 float32).</description></item>
/// <item><term><see cref="GemmRoute.Small"/></term><description>(m·n·k ≤ 40³ or min(m, n, k) &lt; 16) and, for A·Bᵀ,
/// n·k ≤ KC·NC (the copy of Bᵀ it makes) · rows split in tiles of 4.</description></item>
/// <item><term><see cref="GemmRoute.Packed"/></term><description>everything else · the longer side of C split in
/// whole MR or NR tiles.</description></item>
/// </list>
/// Parts: 1 with one thread or below <see cref="GemmBlocking.ParallelFlopLimit"/> flops, else min(threads, tiles).
/// A forced route: Small and Packed as asked; Thin on a kernel other than Vector512 is Small; Direct on a shape it
/// does not fit is Packed. The single- and multi-thread paths both run <see cref="Gemm"/>'s one dispatch on the plan.
/// Under Auto every product below 16³ is Small in one part (no other row can apply); <see cref="Gemm"/> checks that
/// region inline before building a plan, so the notebook's products skip it (a Debug assertion compares the two).
/// </remarks>
internal static class GemmPlanner
{
    /// <summary>The plan for element type <typeparamref name="T"/> under <paramref name="options"/>.</summary>
    public static GemmPlan Plan<T>(in GemmOptions options, Transpose transA, Transpose transB, int m, int n, int k) =>
        Plan(GemmBlocking.For<T>(options.Kernel), options.Kernel, options.Route, transA, transB, m, n, k, options.Threads);

    /// <summary>The plan for the type whose descriptor is <paramref name="blocks"/> (m, n, k &gt; 0).</summary>
    /// <remarks>Inlined into the GEMM's entry point: for the notebook's tiny products the plan is a few compares.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GemmPlan Plan(in GemmBlocks blocks, GemmKernelKind kind, GemmRoute forced, Transpose transA,
        Transpose transB, int m, int n, int k, int threads)
    {
        long flops = 2L * m * n * k;
        GemmRoute route = forced switch
        {
            GemmRoute.Small => GemmRoute.Small,
            GemmRoute.Packed => GemmRoute.Packed,
            GemmRoute.Thin => kind == GemmKernelKind.Vector512 ? GemmRoute.Thin : GemmRoute.Small,
            GemmRoute.Direct => IsDirect(blocks, kind, transA, transB, m, n, k) ? GemmRoute.Direct : GemmRoute.Packed,
            _ => Choose(blocks, kind, transA, transB, m, n, k, flops),
        };

        // One part below the flop limit or with one thread: decided first, so the notebook's tiny products skip
        // the divisions below.
        if (route == GemmRoute.Direct || threads == 1 || flops < GemmBlocking.ParallelFlopLimit)
        {
            return new GemmPlan(route, 1, false, 1, 0);
        }

        // Split the longer side of C: each part then repacks the other operand in full, which costs least when
        // that operand is the smaller one. Whole tiles per part keep the tile grid (and so the bits) fixed. The
        // unpacked routes always split rows (each part would otherwise transpose all of Bᵀ for a few columns).
        bool splitColumns = route == GemmRoute.Packed && n >= m;
        int tileSize = route switch
        {
            GemmRoute.Thin => blocks.ThinRows,
            GemmRoute.Small => GemmSmall.Rows,
            _ => splitColumns ? blocks.NR : blocks.MR,
        };
        int tiles = ((splitColumns ? n : m) + tileSize - 1) / tileSize;
        return new GemmPlan(route, Math.Min(threads, tiles), splitColumns, tiles, tileSize);
    }

    /// <summary>
    /// Whether a product can skip packing on the Vector512 kernel: A·B in whole MR×NR tiles with k ≤ KC, so every
    /// element is the packed route's single FMA chain and the same bits (<see cref="GemmKernel512{T}.RunDirect"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsDirect(in GemmBlocks blocks, GemmKernelKind kind, Transpose transA, Transpose transB, int m,
        int n, int k) =>
        kind == GemmKernelKind.Vector512 && transA == Transpose.None && transB == Transpose.None && k <= blocks.KC
        && m % blocks.MR == 0 && n % blocks.NR == 0;

    /// <summary>
    /// Whether the unpacked route is faster: small products, and thin ones (a dimension under
    /// <see cref="GemmBlocking.ThinDimension"/>), where most of a packed tile would be zero padding or packing would
    /// be a large share of the work. A·Bᵀ needs a transposed copy of B on that route, so a huge B stays packed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsSmall(in GemmBlocks blocks, Transpose transB, int m, int n, int k) =>
        ((long)m * n * k <= GemmBlocking.SmallProductLimit || Math.Min(m, Math.Min(n, k)) < GemmBlocking.ThinDimension)
        && (transB == Transpose.None || (long)n * k <= (long)blocks.KC * blocks.NC);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static GemmRoute Choose(in GemmBlocks blocks, GemmKernelKind kind, Transpose transA, Transpose transB, int m,
        int n, int k, long flops)
    {
        // The size tests first: they are multiplications, IsDirect's tile test two divisions.
        long product = (long)m * n * k;
        if (product >= GemmBlocking.DirectMinProduct && flops < GemmBlocking.ParallelFlopLimit
            && IsDirect(blocks, kind, transA, transB, m, n, k))
        {
            return GemmRoute.Direct;
        }

        if (!IsSmall(blocks, transB, m, n, k))
        {
            return GemmRoute.Packed;
        }

        return kind == GemmKernelKind.Vector512 && n < GemmBlocking.ThinDimension && product > GemmBlocking.SmallProductLimit
            ? GemmRoute.Thin
            : GemmRoute.Small;
    }
}
