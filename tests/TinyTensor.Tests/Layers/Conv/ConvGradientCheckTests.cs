using TinyTensor.Layers;
using TinyTensor.Tests.Support;

namespace TinyTensor.Tests.Layers.Conv;

/// <summary>
/// The backward passes of the convolutional layers against central finite differences (PyTorch gradcheck's
/// tolerances, float64), with L = Σ r ⊙ layer(x) for a fixed random r so that dL/d(output) = r.
/// </summary>
[TestFixture]
public sealed class ConvGradientCheckTests
{
    [TestCase(2, 2, 5, 6, 3, 3, 1, 0)]
    [TestCase(1, 3, 7, 5, 2, 3, 2, 1)]
    [TestCase(2, 1, 6, 6, 2, 2, 2, 2)]
    public void Conv2d_InputWeightAndBiasGradients_MatchFiniteDifferences(int n, int c, int h, int w, int outChannels, int k, int stride, int padding)
    {
        var rng = new RandomState(21);
        var conv = new Conv2d(c, outChannels, k, rng, stride, padding);
        Tensor x = rng.Randn(n, c, h, w);
        Tensor r = rng.Randn(conv.Forward(x).Shape);
        double Loss() => FiniteDifferences.Dot(conv.Forward(x).AsReadOnlySpan(), r.AsReadOnlySpan());

        conv.Forward(x);
        double[] dx = conv.Backward(r).ToArray();
        double[] dW = conv.Grads[0]!.ToArray();
        double[] db = conv.Grads[1]!.ToArray();

        FiniteDifferences.AssertMatches(dx, x, Loss, "dx");
        FiniteDifferences.AssertMatches(dW, conv.Weight, Loss, "dW");
        FiniteDifferences.AssertMatches(db, conv.Bias, Loss, "db");
    }

    [TestCase(2, null)]
    [TestCase(3, 2)]
    [TestCase(2, 1)]
    public void MaxPool2d_InputGradient_MatchesFiniteDifferences(int k, int? stride)
    {
        var rng = new RandomState(22);
        // Distinct values, so no maximum changes under a perturbation of 1e-6.
        Tensor x = Tensor.FromArray([.. rng.Permutation(2 * 2 * 7 * 6).Select(v => v * 0.01)], 2, 2, 7, 6);
        CheckInputGradient(new MaxPool2d(k, stride), x, rng);
    }

    [TestCase(2, null)]
    [TestCase(3, 2)]
    [TestCase(2, 1)]
    public void AvgPool2d_InputGradient_MatchesFiniteDifferences(int k, int? stride)
    {
        var rng = new RandomState(23);
        CheckInputGradient(new AvgPool2d(k, stride), rng.Randn(2, 2, 7, 6), rng);
    }

    [Test]
    public void Flatten_InputGradient_MatchesFiniteDifferences()
    {
        var rng = new RandomState(24);
        CheckInputGradient(new Flatten(), rng.Randn(3, 2, 2, 3), rng);
    }

    [Test]
    public void Dropout_InputGradient_MatchesFiniteDifferences_ForAFixedMask()
    {
        var rng = new RandomState(25);
        Tensor x = rng.Randn(4, 6);
        Tensor r = rng.Randn(4, 6);
        var dropout = new Dropout(0.5, new RandomState(3));
        double[] y = dropout.Forward(x).ToArray();
        double[] dx = dropout.Backward(r).ToArray();
        // The mask is fixed by the first call, so the loss is linear in x: dL/dx = r ⊙ mask = r ⊙ (y / x).
        double[] numeric = [.. y.Select((v, i) => r.AsReadOnlySpan()[i] * v / x.AsReadOnlySpan()[i])];
        AssertTensor.AllClose(dx, numeric, FiniteDifferences.Rtol, FiniteDifferences.Atol, "dx");
    }

    [TestCase(1, new[] { 5, 3 })]
    [TestCase(1, new[] { 4, 2, 3 })]
    [TestCase(2, new[] { 3, 2, 3, 4 })]
    public void BatchNorm_TrainingMode_Gradients_MatchFiniteDifferences(int dims, int[] shape)
    {
        var rng = new RandomState(26);
        BatchNorm norm = dims == 1 ? new BatchNorm1d(shape[1]) : new BatchNorm2d(shape[1]);
        norm.Weight.CopyFrom(rng.Randn(shape[1]));
        norm.Bias.CopyFrom(rng.Randn(shape[1]));
        Tensor x = rng.Randn(shape);
        Tensor r = rng.Randn(shape);
        double Loss() => FiniteDifferences.Dot(norm.Forward(x).AsReadOnlySpan(), r.AsReadOnlySpan());

        norm.Forward(x);
        double[] dx = norm.Backward(r).ToArray();
        double[] dW = norm.Grads[0]!.ToArray();
        double[] db = norm.Grads[1]!.ToArray();

        FiniteDifferences.AssertMatches(dx, x, Loss, "dx");
        FiniteDifferences.AssertMatches(dW, norm.Weight, Loss, "dγ");
        FiniteDifferences.AssertMatches(db, norm.Bias, Loss, "dβ");
    }

    [Test]
    public void BatchNorm2d_EvalMode_InputGradient_MatchesFiniteDifferences()
    {
        var rng = new RandomState(27);
        var norm = new BatchNorm2d(2);
        norm.RunningMean.CopyFrom(rng.Randn(2));
        norm.RunningVar.CopyFrom(rng.Rand(2));
        norm.Weight.CopyFrom(rng.Randn(2));
        norm.Eval();
        CheckInputGradient(norm, rng.Randn(2, 2, 3, 3), rng);
    }

    private static void CheckInputGradient(Layer layer, Tensor x, RandomState rng)
    {
        Tensor r = rng.Randn(layer.Forward(x).Shape);
        double Loss() => FiniteDifferences.Dot(layer.Forward(x).AsReadOnlySpan(), r.AsReadOnlySpan());
        layer.Forward(x);
        double[] dx = layer.Backward(r).ToArray();
        FiniteDifferences.AssertMatches(dx, x, Loss, "dx");
    }
}
