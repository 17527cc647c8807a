using TinyTensor.Layers;
using TinyTensor.Tests.Support;

namespace TinyTensor.Tests.Layers;

/// <summary>Gradients as PyTorch treats them: the first backward pass after ZeroGrad writes, later ones add.</summary>
[TestFixture]
public sealed class GradientAccumulationTests
{
    [Test]
    public void FirstBackwardAfterZeroGrad_GivesTheSameBitsAsAFreshLayer()
    {
        var rng = new RandomState(2);
        Tensor x = rng.Randn(7, 5), g1 = rng.Randn(7, 3), g2 = rng.Randn(7, 3);
        var used = Linear.FromParameters(rng.Randn(5, 3), rng.Randn(3));
        var fresh = Linear.FromParameters(used.Weight, used.Bias);

        used.Forward(x);
        used.Backward(g1);
        used.ZeroGrad();
        used.Forward(x);
        used.Backward(g2);
        fresh.Forward(x);
        fresh.Backward(g2);

        AssertTensor.BitwiseEqual(used.Grads[0]!.AsReadOnlySpan(), fresh.Grads[0]!.AsReadOnlySpan(), "dW");
        AssertTensor.BitwiseEqual(used.Grads[1]!.AsReadOnlySpan(), fresh.Grads[1]!.AsReadOnlySpan(), "db");
    }

    [TestCase(7, 5, 3)]
    [TestCase(64, 300, 40)]
    public void ASecondBackward_AddsToTheGradients(int n, int inputs, int outputs)
    {
        var rng = new RandomState(3);
        Tensor x1 = rng.Randn(n, inputs), x2 = rng.Randn(n, inputs), g1 = rng.Randn(n, outputs), g2 = rng.Randn(n, outputs);
        var layer = Linear.FromParameters(rng.Randn(inputs, outputs), rng.Randn(outputs));
        var reference = Linear.FromParameters(layer.Weight, layer.Bias);

        reference.Forward(x1);
        reference.Backward(g1);
        double[] dW1 = reference.Grads[0]!.ToArray(), db1 = reference.Grads[1]!.ToArray();
        reference.ZeroGrad();
        reference.Forward(x2);
        reference.Backward(g2);
        double[] dW2 = reference.Grads[0]!.ToArray(), db2 = reference.Grads[1]!.ToArray();

        layer.Forward(x1);
        layer.Backward(g1);
        layer.Forward(x2);
        layer.BackwardParameters(g2);

        // db adds the row sum to the old value (PyTorch's grad += …): exactly db1 + db2.
        AssertTensor.BitwiseEqual(layer.Grads[1]!.AsReadOnlySpan(), db1.Zip(db2, (a, b) => a + b).ToArray(), "db");
        // dW is the GEMM with β = 1: the same sum, up to where the kernel rounds the addition.
        AssertTensor.AllClose(layer.Grads[0]!.AsReadOnlySpan(), dW1.Zip(dW2, (a, b) => a + b).ToArray(), rtol: 1e-12, atol: 1e-12, "dW");
    }

    [Test]
    public void Accumulating_AllocatesNothing_OnceWarm()
    {
        var rng = new RandomState(4);
        Tensor x = rng.Randn(8, 4), g = rng.Randn(8, 3);
        var layer = new Linear(4, 3, rng);
        for (int i = 0; i < 3; i++)
        {
            layer.Forward(x);
            layer.Backward(g);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            layer.Forward(x);
            layer.Backward(g);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }
}
