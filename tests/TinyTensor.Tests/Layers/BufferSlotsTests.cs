using TinyTensor.Layers;
using TinyTensor.Optim;

namespace TinyTensor.Tests.Layers;

/// <summary>Layers keep their buffers for the last two batch shapes: an epoch with a partial last batch allocates nothing.</summary>
[TestFixture]
public sealed class BufferSlotsTests
{
    [Test]
    public void TwoAlternatingBatchSizes_ReuseTheirTwoBuffers_AndAThirdSizeEvictsTheLeastRecent()
    {
        var rng = new RandomState(1);
        var layer = new ReLU();

        Tensor y64 = layer.Forward(rng.Randn(64, 3));
        Tensor y16 = layer.Forward(rng.Randn(16, 3));
        Assert.That(layer.Forward(rng.Randn(64, 3)), Is.SameAs(y64));
        Assert.That(layer.Forward(rng.Randn(16, 3)), Is.SameAs(y16));

        layer.Forward(rng.Randn(8, 3)); // evicts 64, the least recently used
        Assert.That(layer.Forward(rng.Randn(16, 3)), Is.SameAs(y16));
        Assert.That(layer.Forward(rng.Randn(64, 3)), Is.Not.SameAs(y64));
    }

    [Test]
    public void TrainingEpochsWithAPartialLastBatch_AllocateNothing_OnceWarm()
    {
        var rng = new RandomState(2);
        var net = new Sequential(new Linear(5, 8, rng), new ReLU(), new Linear(8, 6, rng), new LeakyReLU(), new Linear(6, 4, rng),
            new Sigmoid(), new Linear(4, 3, rng), new Tanh(), new Linear(3, 3, rng), new Softmax());
        var notebookLoss = new CrossEntropyLoss();
        var logitNet = new Sequential(new Linear(5, 7, rng), new ReLU(), new Linear(7, 3, rng));
        var logitLoss = new SoftmaxCrossEntropyLoss();
        var sgd = new SGD(net, 0.01, 1e-4, momentum: 0.9);
        var adam = new Adam(logitNet);
        Tensor full = rng.Randn(8, 5), partial = rng.Randn(3, 5);
        int[] fullLabels = rng.RandInt(0, 3, 8), partialLabels = rng.RandInt(0, 3, 3);
        (Tensor X, int[] Y)[] batches = [(full, fullLabels), (full, fullLabels), (partial, partialLabels)];
        void Epoch()
        {
            foreach ((Tensor x, int[] y) in batches)
            {
                notebookLoss.Forward(net.Forward(x), y);
                sgd.ZeroGrad();
                net.Backward(notebookLoss.Backward());
                sgd.Step();
                logitLoss.Forward(logitNet.Forward(x), y);
                adam.ZeroGrad();
                logitNet.BackwardParameters(logitLoss.Backward());
                adam.Step();
            }
        }

        Epoch();
        Epoch();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
        {
            Epoch();
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }
}
