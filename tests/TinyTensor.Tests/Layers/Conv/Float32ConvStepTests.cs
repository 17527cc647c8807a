using TinyTensor.Layers;

namespace TinyTensor.Tests.Layers.Conv;

/// <summary>A float32 step through every convolutional layer (<see cref="Float32ConvChain"/>): nothing allocated once
/// both batch shapes are known, the same bits with 1 or 2 threads, and float32 results that are float64's within
/// float32's precision.</summary>
[TestFixture]
[NonParallelizable]
public sealed class Float32ConvStepTests
{
    private static (Tensor X, Tensor Dy) Batch(int n, uint seed, DType dtype = DType.Float32)
    {
        var rng = new RandomState(seed);
        return (rng.Randn(dtype, n, 3, 16, 16), rng.Randn(dtype, n, 32 * 4 * 4));
    }

    [Test]
    public void Float32Steps_AllocateNothing_OnceBothBatchSizesAreKnown()
    {
        // One thread, as the float64 step test: the GEMM's worker hand-off is outside these layers.
        int saved = Parallelism.NumThreads;
        Parallelism.NumThreads = 1;
        try
        {
            var chain = new Float32ConvChain(3, DType.Float32);
            (Tensor x, Tensor dy) = Batch(16, 1);
            (Tensor partialX, Tensor partialDy) = Batch(5, 2);
            for (int i = 0; i < 2; i++)
            {
                chain.Step(x, dy);
                chain.Step(partialX, partialDy);
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 3; i++)
            {
                chain.Step(x, dy);
                chain.Step(partialX, partialDy);
            }

            Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        }
        finally
        {
            Parallelism.NumThreads = saved;
        }
    }

    private static (float[] Output, float[] InputGradient, double[] State) Run(int threads)
    {
        int saved = Parallelism.NumThreads;
        Parallelism.NumThreads = threads;
        try
        {
            var chain = new Float32ConvChain(4, DType.Float32);
            (Tensor x, Tensor dy) = Batch(32, 5);
            (Tensor output, Tensor inputGradient) = chain.Step(x, dy);
            (output, inputGradient) = chain.Step(x, dy);
            return (output.ToArray<float>(), inputGradient.ToArray<float>(), chain.State());
        }
        finally
        {
            Parallelism.NumThreads = saved;
        }
    }

    [Test]
    public void OneAndTwoThreads_GiveTheSameFloat32Bits()
    {
        var one = Run(1);
        var two = Run(2);

        Assert.That(two.Output, Is.EqualTo(one.Output));
        Assert.That(two.InputGradient, Is.EqualTo(one.InputGradient));
        Assert.That(two.State, Is.EqualTo(one.State));
    }

    [Test]
    public void TheFloat32Step_AgreesWithTheFloat64Step_WithinFloat32Precision()
    {
        var chain32 = new Float32ConvChain(6, DType.Float32);
        var chain64 = new Float32ConvChain(6, DType.Float64);
        (Tensor x, Tensor dy) = Batch(8, 7, DType.Float64);

        (Tensor y32, Tensor dx32) = chain32.Step(x.To(DType.Float32), dy.To(DType.Float32));
        (Tensor y64, Tensor dx64) = chain64.Step(x, dy);

        Assert.That(y32.DType, Is.EqualTo(DType.Float32));
        Assert.That(dx32.DType, Is.EqualTo(DType.Float32));
        // A sanity check on the whole chain, not a reference (those are the PyTorch float32 tests): the parameters
        // start rounded to float32 and every layer adds a few thousand ulps at most, far below the values' size 1.
        Assert.That(y32.ToArray(), Is.EqualTo(y64.ToArray()).Within(1e-3));
        Assert.That(dx32.ToArray(), Is.EqualTo(dx64.ToArray()).Within(1e-3));
    }
}
