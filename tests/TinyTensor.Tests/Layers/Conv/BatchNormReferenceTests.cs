using System.Text.Json;
using TinyTensor.Layers;
using TinyTensor.Tests.Support;

namespace TinyTensor.Tests.Layers.Conv;

/// <summary>BatchNorm1d/2d against PyTorch float64: a training step (output, dx, dγ, dβ, the running statistics and
/// num_batches_tracked after it), then eval mode on a new batch with those running statistics.</summary>
[TestFixture]
public sealed class BatchNormReferenceTests
{
    private static IEnumerable<int> Cases => ConvReference.Indices("batchnorm");

    private static BatchNorm Create(JsonElement c)
    {
        int channels = ConvReference.Shape(c.GetProperty("shape"))[1];
        BatchNorm norm = c.GetProperty("dims").GetInt32() == 1 ? new BatchNorm1d(channels) : new BatchNorm2d(channels);
        norm.Weight.CopyFrom(ConvReference.Input(c.GetProperty("weight")));
        norm.Bias.CopyFrom(ConvReference.Input(c.GetProperty("bias")));
        return norm;
    }

    [TestCaseSource(nameof(Cases))]
    public void TrainingStep_MatchesPyTorch(int index)
    {
        JsonElement c = ConvReference.Section("batchnorm")[index];
        JsonElement expected = c.GetProperty("train");
        BatchNorm norm = Create(c);

        ConvReference.AssertClose(norm.Forward(ConvReference.Input(c.GetProperty("x"))), expected.GetProperty("y"), "y");
        ConvReference.AssertClose(norm.Backward(ConvReference.Input(c.GetProperty("dy"))), expected.GetProperty("dx"), "dx");
        ConvReference.AssertClose(norm.Grads[0]!, expected.GetProperty("dweight"), "dγ");
        ConvReference.AssertClose(norm.Grads[1]!, expected.GetProperty("dbias"), "dβ");
        ConvReference.AssertClose(norm.RunningMean, expected.GetProperty("running_mean"), "running_mean");
        ConvReference.AssertClose(norm.RunningVar, expected.GetProperty("running_var"), "running_var");
        Assert.That(norm.NumBatchesTracked[0], Is.EqualTo(expected.GetProperty("num_batches_tracked").GetInt32()));
    }

    [TestCaseSource(nameof(Cases))]
    public void EvalMode_UsesTheRunningStatistics_AsPyTorch(int index)
    {
        JsonElement c = ConvReference.Section("batchnorm")[index];
        JsonElement expected = c.GetProperty("eval");
        BatchNorm norm = Create(c);
        norm.Forward(ConvReference.Input(c.GetProperty("x")));
        norm.ZeroGrad();
        norm.Eval();
        double[] runningMean = norm.RunningMean.ToArray();

        ConvReference.AssertClose(norm.Forward(ConvReference.Input(c.GetProperty("x2"))), expected.GetProperty("y"), "y");
        ConvReference.AssertClose(norm.Backward(ConvReference.Input(c.GetProperty("dy2"))), expected.GetProperty("dx"), "dx");
        ConvReference.AssertClose(norm.Grads[0]!, expected.GetProperty("dweight"), "dγ");
        ConvReference.AssertClose(norm.Grads[1]!, expected.GetProperty("dbias"), "dβ");
        Assert.That(norm.RunningMean.ToArray(), Is.EqualTo(runningMean), "eval mode must not update the running mean");
        Assert.That(norm.NumBatchesTracked[0], Is.EqualTo(1.0));
    }
}
