using System.Runtime.ExceptionServices;

namespace TinyTensor.Kernels.Threading;

/// <summary>One piece of work split into parts; part p is independent of every other part.</summary>
internal interface IParallelWork
{
    /// <summary>Does part <paramref name="part"/>.</summary>
    void Invoke(int part);
}

/// <summary>
/// A few parked threads that run the parts of one <see cref="IParallelWork"/> beside the calling thread. Built for
/// kernels on a hot path: no allocation per run (the threads, their events and the caller's work object are made
/// once and reused), unlike <c>Parallel.For</c>, which allocates a closure and task state on every call.
/// </summary>
internal static class WorkerPool
{
    private static readonly Lock Gate = new();
    private static Worker[] _workers = [];

    /// <summary>
    /// Runs <c>work.Invoke(p)</c> for p in [0, parts): part 0 on the calling thread, the others on workers, and
    /// returns when all are done. If another thread holds the pool, the parts run one after another on the caller
    /// (the same results, by the work's contract).
    /// </summary>
    public static void Run(IParallelWork work, int parts)
    {
        if (parts <= 1 || !Gate.TryEnter())
        {
            for (int p = 0; p < parts; p++)
            {
                work.Invoke(p);
            }

            return;
        }

        try
        {
            Worker[] workers = EnsureWorkers(parts - 1);
            for (int p = 1; p < parts; p++)
            {
                workers[p - 1].Start(work, p);
            }

            Exception? first = null;
            try
            {
                work.Invoke(0);
            }
#pragma warning disable CA1031 // Held until the workers are joined, then rethrown.
            catch (Exception e)
#pragma warning restore CA1031
            {
                first = e;
            }

            for (int p = 1; p < parts; p++)
            {
                Exception? e = workers[p - 1].Join();
                first ??= e;
            }

            if (first is not null)
            {
                ExceptionDispatchInfo.Throw(first);
            }
        }
        finally
        {
            Gate.Exit();
        }
    }

    private static Worker[] EnsureWorkers(int count)
    {
        if (_workers.Length < count)
        {
            Worker[] grown = new Worker[count];
            Array.Copy(_workers, grown, _workers.Length);
            for (int i = _workers.Length; i < count; i++)
            {
                grown[i] = new Worker(i + 1);
            }

            _workers = grown;
        }

        return _workers;
    }

    /// <summary>A background thread parked on a semaphore between parts.</summary>
#pragma warning disable CA1001 // Workers live as long as the process; their events are never disposed on purpose.
    private sealed class Worker
#pragma warning restore CA1001
    {
        private readonly SemaphoreSlim _start = new(0);
        private readonly ManualResetEventSlim _done = new(false);
        private IParallelWork? _work;
        private int _part;
        private Exception? _error;

        public Worker(int index)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"TinyTensor worker {index}" };
            thread.Start();
        }

        public void Start(IParallelWork work, int part)
        {
            _work = work;
            _part = part;
            _error = null;
            _done.Reset();
            _start.Release();
        }

        public Exception? Join()
        {
            _done.Wait();
            return _error;
        }

        private void Loop()
        {
            while (true)
            {
                _start.Wait();
                try
                {
                    _work!.Invoke(_part);
                }
#pragma warning disable CA1031 // Any failure of a part is handed back to the caller's thread and rethrown there.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    _error = e;
                }
                finally
                {
                    _work = null;
                    _done.Set();
                }
            }
        }
    }
}
