using TinyTensor.Kernels.Gemm;

namespace TinyTensor.Tests.Kernels;

/// <summary>
/// Products computed on several caller threads at once (so they contend for the worker pool, and those that lose run
/// their parts on their own thread) give the bits of the same products computed one at a time: no state is shared
/// between concurrent products.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ConcurrentGemmTests
{
    [Test]
    public void ConcurrentCallers_GetTheBitsOfSequentialCalls([Values(1, 2)] int threads)
    {
        const int Callers = 4, Products = 12;
        var options = GemmOptions.Force(Gemm.DefaultKernel, GemmRoute.Auto, threads);

        // Shapes from the small route to well above the parallel threshold, odd sizes so tiles are partial; even
        // products in float32, odd ones in float64, so both types' per-thread state is exercised at once.
        (int M, int N, int K, double[] A, double[] B)[] work = Enumerable.Range(0, Callers * Products).Select(i =>
        {
            var rng = new System.Random(i);
            int m = 17 + (i % 5 * 61), k = 33 + (i % 7 * 41), n = 9 + (i % 3 * 97);
            return (m, n, k, GemmOperands.Random(rng, m, k, 0, out _), GemmOperands.Random(rng, k, n, 0, out _));
        }).ToArray();
        long[][] sequential = work.Select((w, i) => Product(options, w, i)).ToArray();

        var concurrent = new long[work.Length][];
        using var start = new Barrier(Callers);
        Task[] tasks = Enumerable.Range(0, Callers).Select(c => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            for (int p = 0; p < Products; p++)
            {
                int i = (p * Callers) + c;
                concurrent[i] = Product(options, work[i], i);
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        Assert.That(Task.WaitAll(tasks, TimeSpan.FromSeconds(60)), Is.True, "concurrent products did not finish");

        for (int i = 0; i < work.Length; i++)
        {
            Assert.That(concurrent[i], Is.EqualTo(sequential[i]), $"product {i}: {work[i].M}×{work[i].K} · {work[i].K}×{work[i].N}");
        }
    }

    private static long[] Product(GemmOptions options, (int M, int N, int K, double[] A, double[] B) w, int i)
    {
        if (i % 2 == 0)
        {
            float[] c32 = new float[w.M * w.N];
            Gemm.Multiply(options, Transpose.None, Transpose.None, w.M, w.N, w.K, 1.0f, GemmOperands.To<float>(w.A), w.K,
                GemmOperands.To<float>(w.B), w.N, 0.0f, c32, w.N);
            return GemmOperands.Bits(c32);
        }

        double[] c = new double[w.M * w.N];
        Gemm.Multiply(options, Transpose.None, Transpose.None, w.M, w.N, w.K, 1.0, w.A, w.K, w.B, w.N, 0.0, c, w.N);
        return GemmOperands.Bits(c);
    }
}
