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
        int saved = Parallelism.NumThreads;
        Parallelism.NumThreads = threads;
        try
        {
            // Shapes from the small route to well above the parallel threshold, odd sizes so tiles are partial.
            (Tensor A, Tensor B)[] work = Enumerable.Range(0, Callers * Products).Select(i =>
            {
                var rng = new RandomState((uint)i);
                int m = 17 + (i % 5 * 61), k = 33 + (i % 7 * 41), n = 9 + (i % 3 * 97);
                return (rng.Randn(m, k), rng.Randn(k, n));
            }).ToArray();
            double[][] sequential = work.Select(w => Tensor.MatMul(w.A, w.B).ToArray()).ToArray();

            var concurrent = new double[work.Length][];
            using var start = new Barrier(Callers);
            Task[] tasks = Enumerable.Range(0, Callers).Select(c => Task.Factory.StartNew(() =>
            {
                start.SignalAndWait();
                for (int p = 0; p < Products; p++)
                {
                    int i = (p * Callers) + c;
                    concurrent[i] = Tensor.MatMul(work[i].A, work[i].B).ToArray();
                }
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
            Assert.That(Task.WaitAll(tasks, TimeSpan.FromSeconds(60)), Is.True, "concurrent products did not finish");

            for (int i = 0; i < work.Length; i++)
            {
                Assert.That(concurrent[i].Select(BitConverter.DoubleToInt64Bits), Is.EqualTo(sequential[i].Select(BitConverter.DoubleToInt64Bits)),
                    $"product {i}: {work[i].A.ShapeText} · {work[i].B.ShapeText}");
            }
        }
        finally
        {
            Parallelism.NumThreads = saved;
        }
    }
}
