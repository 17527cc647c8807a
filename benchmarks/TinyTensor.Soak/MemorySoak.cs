using System.Diagnostics;
using System.Globalization;
using TinyTensor.Data;
using TinyTensor.Layers;
using TinyTensor.Optim;

namespace TinyTensor.Soak;

/// <summary>The managed heap and the bytes allocated at the start, after warm-up and at the end of a soak.</summary>
/// <param name="Name">What ran.</param>
/// <param name="Steps">Training steps taken.</param>
/// <param name="HeapStart">GC.GetTotalMemory(true) before the first step (model and data built).</param>
/// <param name="HeapWarm">The same after the warm-up steps (buffers sized, JIT done).</param>
/// <param name="HeapEnd">The same after the last step.</param>
/// <param name="AllocatedWarmToEnd">GC.GetTotalAllocatedBytes(true) from the end of the warm-up to the end.</param>
/// <param name="AllocatedTotal">GC.GetTotalAllocatedBytes(true) over the whole run, warm-up included.</param>
/// <param name="FinalLoss">The loss of the last step (finite if training stayed sane).</param>
/// <param name="Elapsed">Wall time of the steps.</param>
public sealed record SoakResult(string Name, long Steps, long HeapStart, long HeapWarm, long HeapEnd, long AllocatedWarmToEnd,
    long AllocatedTotal, double FinalLoss, TimeSpan Elapsed)
{
    /// <summary>Flat: the heap grows by less than 256 KB after warm-up and steady steps allocate under 64 bytes each on
    /// average, and the loss is finite.</summary>
    public bool Flat => HeapEnd - HeapWarm < 256 * 1024 && AllocatedWarmToEnd < 64L * Steps && double.IsFinite(FinalLoss);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Name}: {Steps:N0} steps in {Elapsed.TotalSeconds:F1} s; heap start {HeapStart:N0} B, after warm-up {HeapWarm:N0} B, " +
        $"end {HeapEnd:N0} B; allocated {AllocatedTotal:N0} B in all, {AllocatedWarmToEnd:N0} B after warm-up " +
        $"({(double)AllocatedWarmToEnd / Steps:F2} B/step); final loss {FinalLoss:G6} → {(Flat ? "flat" : "NOT FLAT")}");
}

/// <summary>Long training runs that must not grow the heap: every step reuses the layers' buffers.</summary>
public static class MemorySoak
{
    /// <summary>The notebook's network and step (4-10-3, N = 10, full batch, SGD lr 0.1, weight decay 1e-5).</summary>
    public static SoakResult Notebook(long steps, TextWriter log)
    {
        var rng = new RandomState(0);
        var net = new Sequential(new Linear(4, 10, rng), new ReLU(), new Linear(10, 3, rng), new Softmax());
        rng.Seed(0);
        Tensor x = rng.Randn(10, 4);
        System.Numerics.Tensors.TensorPrimitives.Multiply(x.AsSpan(), 10.0, x.AsSpan());
        int[] y = rng.RandInt(0, 3, 10);
        var loss = new CrossEntropyLoss();
        var optim = new SGD(net, learningRate: 0.1, weightDecay: 0.00001);
        double Step()
        {
            double value = loss.Forward(net.Forward(x), y);
            optim.ZeroGrad();
            net.Backward(loss.Backward());
            optim.Step();
            return value;
        }

        return Run("notebook 4-10-3, N = 10", steps, Step, log);
    }

    /// <summary>784-256-10 with ReLU and SoftmaxCrossEntropyLoss, batch 64, shuffled, SGD with momentum, on the bundled
    /// 10,000-image MNIST subset: 157 batches an epoch, the last one of 16, so the batch size changes every epoch.</summary>
    public static SoakResult Mnist(long steps, TextWriter log)
    {
        Dataset data = BuiltInDatasets.Mnist();
        var rng = new RandomState(3);
        var net = new Sequential(new Linear(784, 256, rng), new ReLU(), new Linear(256, 10, rng));
        var loss = new SoftmaxCrossEntropyLoss();
        var optim = new SGD(net, learningRate: 0.05, weightDecay: 1e-4, momentum: 0.9);
        var loader = new DataLoader(data, batchSize: 64, shuffle: true, random: new RandomState(4));
        BatchEnumerator batches = loader.Batches();
        double Step()
        {
            if (!batches.MoveNext())
            {
                batches = loader.Batches();
                batches.MoveNext();
            }

            Batch batch = batches.Current;
            double value = loss.Forward(net.Forward(batch.Features), batch.Labels);
            optim.ZeroGrad();
            net.BackwardParameters(loss.Backward());
            optim.Step();
            return value;
        }

        return Run("MNIST 784-256-10, batch 64", steps, Step, log);
    }

    private static SoakResult Run(string name, long steps, Func<double> step, TextWriter log)
    {
        long heapStart = GC.GetTotalMemory(forceFullCollection: true);
        long allocatedStart = GC.GetTotalAllocatedBytes(precise: true);
        long warmup = Math.Min(steps, Math.Max(1000, steps / 100));
        double last = double.NaN;
        long start = Stopwatch.GetTimestamp();
        for (long i = 0; i < warmup; i++)
        {
            last = step();
        }

        long heapWarm = GC.GetTotalMemory(forceFullCollection: true);
        long allocatedWarm = GC.GetTotalAllocatedBytes(precise: true);
        long reportEvery = Math.Max(1, steps / 10);
        for (long i = warmup; i < steps; i++)
        {
            last = step();
            if ((i + 1) % reportEvery == 0)
            {
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {name}: step {i + 1:N0}, loss {last:G6}, heap {GC.GetTotalMemory(false):N0} B, allocated {GC.GetTotalAllocatedBytes(false) - allocatedWarm:N0} B since warm-up"));
            }
        }

        TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
        long allocatedEnd = GC.GetTotalAllocatedBytes(precise: true);
        long heapEnd = GC.GetTotalMemory(forceFullCollection: true);
        var result = new SoakResult(name, steps, heapStart, heapWarm, heapEnd, allocatedEnd - allocatedWarm,
            allocatedEnd - allocatedStart, last, elapsed);
        log.WriteLine(result);
        return result;
    }
}
