using TinyTensor.Layers;
using TinyTensor.Tests.Support;

namespace TinyTensor.Tests.Layers;

/// <summary>
/// Analytic backward passes against central finite differences (PyTorch gradcheck's defaults) on random inputs.
/// Each layer is wrapped in L = Σ r ⊙ layer(x) for a fixed random r, so dL/d(output) = r.
/// </summary>
[TestFixture]
public sealed class GradientCheckTests
{
    [TestCase(5, 4, 3)]
    [TestCase(1, 7, 2)]
    [TestCase(8, 3, 9)]
    public void Linear_InputWeightAndBiasGradients_MatchFiniteDifferences(int n, int inputDims, int outputDims)
    {
        var rng = new RandomState(11);
        var layer = new Linear(inputDims, outputDims, rng);
        // Weights of order 1 so the check is not dominated by rounding of tiny values.
        layer.Weight.CopyFrom(rng.Randn(inputDims, outputDims));
        layer.Bias.CopyFrom(rng.Randn(outputDims));
        Tensor x = rng.Randn(n, inputDims);
        Tensor r = rng.Randn(n, outputDims);
        double Loss() => FiniteDifferences.Dot(layer.Forward(x).AsReadOnlySpan(), r.AsReadOnlySpan());

        layer.Forward(x);
        double[] dx = layer.Backward(r).ToArray();
        double[] dW = layer.Grads[0]!.ToArray();
        double[] db = layer.Grads[1]!.ToArray();

        FiniteDifferences.AssertMatches(dx, x, Loss, "dx");
        FiniteDifferences.AssertMatches(dW, layer.Weight, Loss, "dW");
        FiniteDifferences.AssertMatches(db, layer.Bias, Loss, "db");
    }

    [Test]
    public void ReLU_InputGradient_MatchesFiniteDifferences()
    {
        var rng = new RandomState(12);
        var layer = new ReLU();
        Tensor x = rng.Randn(6, 5);
        // Keep inputs away from the kink at 0, where the derivative does not exist.
        Span<double> values = x.AsSpan();
        for (int i = 0; i < values.Length; i++)
        {
            values[i] += values[i] >= 0 ? 0.1 : -0.1;
        }

        Tensor r = rng.Randn(6, 5);
        double Loss() => FiniteDifferences.Dot(layer.Forward(x).AsReadOnlySpan(), r.AsReadOnlySpan());

        layer.Forward(x);
        double[] dx = layer.Backward(r).ToArray();

        FiniteDifferences.AssertMatches(dx, x, Loss, "dx");
    }

    [Test]
    public void ReLU_GradientAtExactlyZero_IsZero()
    {
        var layer = new ReLU();
        layer.Forward(Tensor.FromArray([0.0, -1.0, 2.0], 3));

        Tensor dx = layer.Backward(Tensor.FromArray([5.0, 5.0, 5.0], 3));

        Assert.That(dx.ToArray(), Is.EqualTo(new[] { 0.0, 0.0, 5.0 }));
    }

    [TestCase(4, 3)]
    [TestCase(7, 10)]
    [TestCase(1, 2)]
    public void SoftmaxThenCrossEntropy_FusedGradient_MatchesFiniteDifferencesOfTheLossInScores(int n, int classes)
    {
        var rng = new RandomState(13);
        Tensor scores = rng.Randn(n, classes);
        int[] labels = rng.RandInt(0, classes, n);
        var softmax = new Softmax();
        var loss = new CrossEntropyLoss();
        double Loss() => loss.Forward(softmax.Forward(scores), labels);

        Loss();
        double[] dScores = softmax.Backward(loss.Backward()).ToArray();

        FiniteDifferences.AssertMatches(dScores, scores, Loss, "dScores");
    }

    [Test]
    public void WholeNotebookNetwork_ParameterGradients_MatchFiniteDifferences()
    {
        var rng = new RandomState(14);
        var l1 = new Linear(4, 6, rng);
        var l2 = new Linear(6, 3, rng);
        l1.Weight.CopyFrom(rng.Randn(4, 6));
        l2.Weight.CopyFrom(rng.Randn(6, 3));
        var net = new Sequential(l1, new ReLU(), l2, new Softmax());
        Tensor x = rng.Randn(5, 4);
        int[] y = rng.RandInt(0, 3, 5);
        var loss = new CrossEntropyLoss();
        double Loss() => loss.Forward(net.Forward(x), y);

        Loss();
        net.Backward(loss.Backward());
        double[][] grads = net.Grads.Select(g => g!.ToArray()).ToArray();

        for (int i = 0; i < net.Parameters.Count; i++)
        {
            FiniteDifferences.AssertMatches(grads[i], net.Parameters[i], Loss, $"parameter {i}");
        }
    }

    [Test]
    public void BackwardParameters_StoresTheSameGradientsAsBackward()
    {
        Sequential Net()
        {
            var rng = new RandomState(21);
            return new Sequential(new Linear(5, 7, rng), new ReLU(), new Linear(7, 4, rng), new Softmax());
        }

        Tensor x = new RandomState(22).Randn(6, 5);
        int[] y = new RandomState(23).RandInt(0, 4, 6);
        Sequential full = Net(), partial = Net();
        var loss = new CrossEntropyLoss();

        loss.Forward(full.Forward(x), y);
        full.Backward(loss.Backward());
        loss.Forward(partial.Forward(x), y);
        partial.BackwardParameters(loss.Backward());

        for (int i = 0; i < full.Parameters.Count; i++)
        {
            Assert.That(partial.Grads[i]!.ToArray(), Is.EqualTo(full.Grads[i]!.ToArray()), $"gradient {i}");
        }
    }
}
