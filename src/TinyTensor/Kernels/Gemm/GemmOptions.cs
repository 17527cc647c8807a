namespace TinyTensor.Kernels.Gemm;

/// <summary>
/// What a product runs on: the kernel (ISA), a forced route or <see cref="GemmRoute.Auto"/>, and the most threads
/// it may use. Passed to <see cref="Gemm.Multiply{T}(in GemmOptions, Transpose, Transpose, int, int, int, T, ReadOnlySpan{T}, int, ReadOnlySpan{T}, int, T, Span{T}, int)"/>
/// instead of global switches, so a test or benchmark picks a configuration without touching another's.
/// </summary>
/// <param name="Kernel">The micro-kernel family; <see cref="Gemm.DefaultKernel"/> in the library.</param>
/// <param name="Route">A forced route, or <see cref="GemmRoute.Auto"/> (the library always asks for Auto).</param>
/// <param name="Threads">The most threads, calling thread included (≥ 1); <see cref="Parallelism.NumThreads"/> in the library.</param>
internal readonly record struct GemmOptions(GemmKernelKind Kernel, GemmRoute Route, int Threads)
{
    /// <summary>The library's configuration: the widest accelerated kernel, Auto, <see cref="Parallelism.NumThreads"/>.</summary>
    public static GemmOptions Default => new(Gemm.DefaultKernel, GemmRoute.Auto, Parallelism.NumThreads);

    /// <summary>A configuration forcing <paramref name="kernel"/> (and optionally a route) on <paramref name="threads"/> threads.</summary>
    public static GemmOptions Force(GemmKernelKind kernel, GemmRoute route = GemmRoute.Auto, int threads = 1) =>
        new(kernel, route, threads);
}
