using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using TinyTensor.Kernels.Gemm;

namespace TinyTensor.Benchmarks;

/// <summary>
/// The FMA peak of this machine, measured: independent chains of vector FMAs (twelve accumulators, more than
/// latency × pipes, so the FMA units never wait), nothing loaded or stored, on 1 or 2 threads at once. The host
/// changes under the same machine name (see dotnet-notes), so a GEMM figure only means something beside the peak
/// of the same run: <see cref="PeakFractionColumn"/> divides each GEMM row by it, and the probe prints what it found.
/// </summary>
public static class FmaPeak
{
    /// <summary>Independent FMA chains per loop step.</summary>
    public const int Accumulators = 12;

    private static readonly Dictionary<(DType Type, int Threads), double> Measured = [];

    /// <summary>The widest vector this machine runs FMAs in: 512 with AVX-512, else 256.</summary>
    public static int Width => Vector512.IsHardwareAccelerated ? 512 : 256;

    /// <summary>The peak GFLOP/s in <paramref name="type"/> on <paramref name="threads"/> threads, probed once per process.</summary>
    public static double Peak(DType type, int threads)
    {
        lock (Measured)
        {
            if (!Measured.TryGetValue((type, threads), out double peak))
            {
                peak = Measure(type == DType.Float32, Width, threads, TimeSpan.FromMilliseconds(300));
                Measured[(type, threads)] = peak;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"// FMA peak probe: {type.Name()}, Vector{Width}, {threads} thread(s): {peak:F1} GFLOP/s"));
            }

            return peak;
        }
    }

    /// <summary>Best GFLOP/s of a few runs of <paramref name="duration"/> each, all threads together.</summary>
    public static double Measure(bool single, int width, int threads, TimeSpan duration)
    {
        double best = 0;
        for (int attempt = 0; attempt < 5; attempt++)
        {
            const long Iterations = 2_000_000;
            long flopsPerThread = Iterations * Accumulators * 2L * (width / (single ? 32 : 64));
            var start = new Barrier(threads + 1);
            var workers = new Thread[threads];
            long rounds = 0;
            for (int t = 0; t < threads; t++)
            {
                workers[t] = new Thread(() =>
                {
                    start.SignalAndWait();
                    var sw = Stopwatch.StartNew();
                    long r = 0;
                    while (sw.Elapsed < duration)
                    {
                        Sink = Run(single, width, Iterations);
                        r++;
                    }

                    Interlocked.Add(ref rounds, r);
                });
                workers[t].Start();
            }

            var wall = Stopwatch.StartNew();
            start.SignalAndWait();
            foreach (Thread w in workers)
            {
                w.Join();
            }

            double seconds = wall.Elapsed.TotalSeconds;
            best = Math.Max(best, rounds * (double)flopsPerThread / seconds / 1e9);
        }

        return best;
    }

    /// <summary>Keeps the loops' results alive.</summary>
    public static double Sink { get; private set; }

    /// <summary>One thread's loop: <paramref name="iterations"/> × <see cref="Accumulators"/> vector FMAs.</summary>
    public static double Run(bool single, int width, long iterations) => (single, width) switch
    {
        (true, 512) => Loop<Lanes512<float>, float>(iterations),
        (false, 512) => Loop<Lanes512<double>, double>(iterations),
        (true, _) => Loop<Lanes256<float>, float>(iterations),
        _ => Loop<Lanes256<double>, double>(iterations),
    };

    /// <summary>Twelve independent FMA chains in the lane struct's width (the GEMM's own lane types).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static double Loop<TL, T>(long iterations)
        where TL : struct, ILanes<TL, T>
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        TL x = TL.Broadcast(T.CreateTruncating(0.999999)), y = TL.Broadcast(T.CreateTruncating(1e-7));
        TL c0 = x, c1 = x, c2 = x, c3 = x, c4 = x, c5 = x, c6 = x, c7 = x, c8 = x, c9 = x, c10 = x, c11 = x;
        for (long i = 0; i < iterations; i++)
        {
            c0 = TL.FusedMultiplyAdd(c0, x, y); c1 = TL.FusedMultiplyAdd(c1, x, y);
            c2 = TL.FusedMultiplyAdd(c2, x, y); c3 = TL.FusedMultiplyAdd(c3, x, y);
            c4 = TL.FusedMultiplyAdd(c4, x, y); c5 = TL.FusedMultiplyAdd(c5, x, y);
            c6 = TL.FusedMultiplyAdd(c6, x, y); c7 = TL.FusedMultiplyAdd(c7, x, y);
            c8 = TL.FusedMultiplyAdd(c8, x, y); c9 = TL.FusedMultiplyAdd(c9, x, y);
            c10 = TL.FusedMultiplyAdd(c10, x, y); c11 = TL.FusedMultiplyAdd(c11, x, y);
        }

        return double.CreateTruncating((c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11).Sum());
    }
}

/// <summary>
/// The probe as a benchmark of its own (<c>--filter '*FmaPeakBenchmarks*'</c>): one call is
/// <see cref="Steps"/> × 12 vector FMAs on one thread, so the GFLOP/s column gives the single-core peak with
/// BenchmarkDotNet's statistics.
/// </summary>
[Config(typeof(GemmConfig))]
public class FmaPeakBenchmarks
{
    /// <summary>Loop steps per call.</summary>
    public const long Steps = 1_000_000;

    [Params(DType.Float64, DType.Float32)]
    public DType DType { get; set; }

    [Params(512, 256)]
    public int Width { get; set; }

    /// <summary>Flops per call: steps × chains × 2 × lanes.</summary>
    public static double FlopsPerCall(DType dtype, int width) =>
        Steps * FmaPeak.Accumulators * 2.0 * (width / (dtype == DType.Float32 ? 32 : 64));

    [Benchmark]
    public double Fma() => FmaPeak.Run(DType == DType.Float32, Width == 512 && Vector512.IsHardwareAccelerated ? 512 : 256, Steps);
}
