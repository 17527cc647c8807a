using TinyTensor.Layers;
using TinyTensor.Optim;

namespace TinyTensor.Tests.Optim;

/// <summary>Adam's update of a large model is split over the worker threads by element ranges: the same bits as one
/// thread, in both types, and nothing allocated per step.</summary>
[TestFixture]
[NonParallelizable]
public sealed class ParallelAdamTests
{
    /// <summary>Three steps of Adam (or AdamW) on a 300×301 + 301 parameter set (above the parallel threshold, and a
    /// length that is not a multiple of the chunk alignment) with fixed gradients; the final parameters' bits.</summary>
    private static double[] ThreeSteps(int threads, DType dtype, bool decoupled)
    {
        int saved = Parallelism.NumThreads;
        try
        {
            Parallelism.NumThreads = threads;
            var rng = new RandomState(5);
            var weight = new Parameter("weight", rng.Randn(dtype, 300, 301));
            var bias = new Parameter("bias", rng.Randn(dtype, 301));
            Tensor gw = rng.Randn(dtype, 300, 301), gb = rng.Randn(dtype, 301);
            Optimizer adam = decoupled ? new AdamW([weight, bias], learningRate: 1e-2, weightDecay: 0.1) : new Adam([weight, bias], learningRate: 1e-2, weightDecay: 0.1);
            for (int step = 0; step < 3; step++)
            {
                weight.PrepareGrad(out _).CopyFrom(gw);
                bias.PrepareGrad(out _).CopyFrom(gb);
                adam.Step();
            }

            return [.. weight.Value.ToArray(), .. bias.Value.ToArray()];
        }
        finally
        {
            Parallelism.NumThreads = saved;
        }
    }

    [Test]
    public void TwoThreads_GiveTheBitsOfOne([Values] DType dtype, [Values] bool decoupled)
    {
        double[] one = ThreeSteps(1, dtype, decoupled);
        double[] two = ThreeSteps(2, dtype, decoupled);

        Assert.That(two.Select(BitConverter.DoubleToInt64Bits), Is.EqualTo(one.Select(BitConverter.DoubleToInt64Bits)));
    }

    [Test]
    public void AWarmStepOnTwoThreads_AllocatesNothing([Values] DType dtype)
    {
        int saved = Parallelism.NumThreads;
        try
        {
            Parallelism.NumThreads = 2;
            var rng = new RandomState(6);
            var weight = new Parameter("weight", rng.Randn(dtype, 512, 256));
            var adam = new Adam([weight]);
            weight.PrepareGrad(out _).CopyFrom(rng.Randn(dtype, 512, 256));
            adam.Step();
            adam.Step();

            // One clean run of ten: other threads of the process (the tiered JIT) may allocate meanwhile.
            long least = long.MaxValue;
            for (int attempt = 0; attempt < 10 && least > 0; attempt++)
            {
                long before = GC.GetTotalAllocatedBytes(precise: true);
                adam.Step();
                least = Math.Min(least, GC.GetTotalAllocatedBytes(precise: true) - before);
            }

            Assert.That(least, Is.Zero);
        }
        finally
        {
            Parallelism.NumThreads = saved;
        }
    }
}
