using TinyTensor.Layers;
using TinyTensor.Optim;

namespace TinyTensor.Tests.Layers;

/// <summary>Networks and optimisers are one-thread objects: overlapping calls fail loudly instead of corrupting buffers.</summary>
[TestFixture]
public sealed class ConcurrentUseTests
{
    [Test]
    public void ASecondForward_WhileOneIsRunning_Throws_AndTheNetworkStillWorksAfterwards()
    {
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var net = new Sequential(new ModeProbe { Entered = entered, Release = release }, new Linear(2, 2, new RandomState(0)));
        Tensor x = new RandomState(1).Randn(3, 2);

        Task first = Task.Run(() => net.Forward(x));
        Assert.That(entered.Wait(TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(() => net.Forward(x), Throws.InvalidOperationException.With.Message.Contains("not thread-safe"));
        Assert.That(() => net.Backward(new Tensor(3, 2)), Throws.InvalidOperationException.With.Message.Contains("one network"));
        release.Set();
        first.Wait();

        Assert.That(() => net.Forward(x), Throws.Nothing, "the refused calls did not leave the network marked busy");
    }

    [Test]
    public void ASecondStep_WhileOneIsRunning_Throws()
    {
        var layer = new Linear(1, 1, new RandomState(0));
        layer.Forward(Tensor.FromArray([1.0], 1, 1));
        layer.Backward(Tensor.FromArray([1.0], 1, 1));
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var optimizer = new BlockingOptimizer(layer.OwnParameters, entered, release);

        Task first = Task.Run(optimizer.Step);
        Assert.That(entered.Wait(TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(optimizer.Step, Throws.InvalidOperationException.With.Message.Contains("BlockingOptimizer.Step"));
        release.Set();
        first.Wait();
        Assert.That(optimizer.Step, Throws.Nothing);
    }

    private sealed class BlockingOptimizer(IEnumerable<Parameter> parameters, ManualResetEventSlim entered, ManualResetEventSlim release)
        : Optimizer(parameters)
    {
        protected override void Update(ReadOnlySpan<Parameter> parameters)
        {
            entered.Set();
            release.Wait(TimeSpan.FromSeconds(10));
        }
    }
}
