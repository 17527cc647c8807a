using TinyTensor.Layers;
using TinyTensor.Tests.Support;

namespace TinyTensor.Tests.Layers;

/// <summary>
/// Gradient checks (PyTorch gradcheck defaults: eps 1e-6, atol 1e-5, rtol 1e-3) through whole networks, where the
/// single-layer checks in <see cref="GradientCheckTests"/> and <see cref="ActivationLayerTests"/> cannot see a
/// chaining mistake: every activation between Linear layers, both losses, and extreme logits.
/// </summary>
[TestFixture]
public sealed class SequentialGradientCheckTests
{
    /// <summary>A network with every activation, each behind its own Linear layer, weights of order 1.</summary>
    private static Sequential EveryActivation(RandomState rng, bool softmaxAtTheEnd)
    {
        var layers = new List<Layer>
        {
            new Linear(4, 6, rng), new ReLU(),
            new Linear(6, 5, rng), new LeakyReLU(0.2),
            new Linear(5, 5, rng), new Sigmoid(),
            new Linear(5, 4, rng), new Tanh(),
            new Linear(4, 3, rng),
        };
        if (softmaxAtTheEnd)
        {
            layers.Add(new Softmax());
        }

        var net = new Sequential(layers.ToArray());
        foreach (Tensor p in net.Parameters)
        {
            p.CopyFrom(rng.Normal(0.0, 0.8, p.Shape));
        }

        return net;
    }

    /// <summary>Inputs whose ReLU/LeakyReLU pre-activations are at least 1e-3 from the kink, so the central difference
    /// never straddles it; a different seed is tried until that holds.</summary>
    private static (Sequential Net, Tensor X) AwayFromKinks(bool softmaxAtTheEnd)
    {
        for (uint seed = 30; ; seed++)
        {
            var rng = new RandomState(seed);
            Sequential net = EveryActivation(rng, softmaxAtTheEnd);
            Tensor x = rng.Randn(5, 4);
            Tensor h1 = net.Modules[0].Forward(x).Clone();
            Tensor h2 = net.Modules[2].Forward(net.Modules[1].Forward(h1)).Clone();
            if (h1.AsReadOnlySpan().ToArray().Concat(h2.AsReadOnlySpan().ToArray()).All(v => Math.Abs(v) > 1e-3))
            {
                return (net, x);
            }
        }
    }

    [Test]
    public void EveryActivation_WithSoftmaxCrossEntropy_InputAndParameterGradientsMatch()
    {
        (Sequential net, Tensor x) = AwayFromKinks(softmaxAtTheEnd: false);
        int[] y = [0, 2, 1, 1, 2];
        var loss = new SoftmaxCrossEntropyLoss();
        double Loss() => loss.Forward(net.Forward(x), y);

        Loss();
        double[] dx = net.Backward(loss.Backward()).ToArray();
        double[][] grads = net.Grads.Select(g => g!.ToArray()).ToArray();

        FiniteDifferences.AssertMatches(dx, x, Loss, "dx");
        for (int i = 0; i < net.Parameters.Count; i++)
        {
            FiniteDifferences.AssertMatches(grads[i], net.Parameters[i], Loss, $"parameter {i}");
        }
    }

    [Test]
    public void EveryActivation_WithTheNotebooksSoftmaxAndCrossEntropy_InputAndParameterGradientsMatch()
    {
        (Sequential net, Tensor x) = AwayFromKinks(softmaxAtTheEnd: true);
        int[] y = [2, 0, 1, 0, 2];
        var loss = new CrossEntropyLoss();
        double Loss() => loss.Forward(net.Forward(x), y);

        Loss();
        double[] dx = net.Backward(loss.Backward()).ToArray();
        double[][] grads = net.Grads.Select(g => g!.ToArray()).ToArray();

        FiniteDifferences.AssertMatches(dx, x, Loss, "dx");
        for (int i = 0; i < net.Parameters.Count; i++)
        {
            FiniteDifferences.AssertMatches(grads[i], net.Parameters[i], Loss, $"parameter {i}");
        }
    }

    [Test]
    public void SoftmaxCrossEntropy_WithExtremeLogits_GradientMatchesFiniteDifferences()
    {
        // Spreads of 2000 (one class takes all the mass), ties at ±1000, and near-ties 1e-3 apart at 1e3.
        Tensor logits = Tensor.FromArray(new double[,]
        {
            { 1000, -1000, 0, 3 },
            { -1000, -1000, -1000, -1000 },
            { 1000, 1000.001, 999.999, -5 },
            { 700, -700, 710, 0 },
        });
        int[] labels = [1, 2, 0, 3];
        var loss = new SoftmaxCrossEntropyLoss();

        double value = loss.Forward(logits, labels);
        double[] analytic = loss.Backward().ToArray();

        Assert.That(double.IsFinite(value), Is.True);
        FiniteDifferences.AssertMatches(analytic, logits, () => loss.Forward(logits, labels), "dL/dlogits");
    }

    [Test]
    public void BackwardParameters_ThroughEveryActivation_StoresTheCheckedGradients()
    {
        (Sequential net, Tensor x) = AwayFromKinks(softmaxAtTheEnd: false);
        int[] y = [1, 1, 0, 2, 2];
        var loss = new SoftmaxCrossEntropyLoss();
        double Loss() => loss.Forward(net.Forward(x), y);

        Loss();
        net.BackwardParameters(loss.Backward());
        double[][] grads = net.Grads.Select(g => g!.ToArray()).ToArray();

        for (int i = 0; i < net.Parameters.Count; i++)
        {
            FiniteDifferences.AssertMatches(grads[i], net.Parameters[i], Loss, $"parameter {i}");
        }
    }
}
