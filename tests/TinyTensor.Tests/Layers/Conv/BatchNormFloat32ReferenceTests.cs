using System.Text.Json;
using TinyTensor.Layers;

namespace TinyTensor.Tests.Layers.Conv;

/// <summary>BatchNorm1d/2d converted with To(DType.Float32) against PyTorch's torch.float32 (conv-layers-float32.json):
/// a training step (y, dx, dγ, dβ, the running statistics and num_batches_tracked after it, all float32), then eval
/// mode on a new batch, within the float32 error bound of <see cref="Float32Reference"/>.</summary>
/// <remarks>
/// The magnitudes (<c>*_mag</c>) come from the script; the operation counts K, with M = N·S values per channel:
/// the mean and the variance are sums of M terms (both libraries accumulate them in double on the CPU, but the bound
/// does not rely on it), and an element then takes at most 8 roundings (mean and 1/σ to float32, the subtraction, two
/// products, the sum; PyTorch forms α = γ/σ and β − mean·α first). x̂'s error therefore is γ_{M+8}·xh_mag, where
/// xh_mag = (|x| + |mean| + mean|x|)/σ; a sum over M values of dy·x̂ adds γ_M (dγ: 2M + 8), and dx combines x̂ with
/// that mean (3M + 10). In eval mode the statistics are stored values, so only the per-element roundings remain.
/// </remarks>
[TestFixture]
public sealed class BatchNormFloat32ReferenceTests
{
    private static IEnumerable<int> Cases => Float32Reference.Indices("batchnorm");

    private static (BatchNorm Norm, int M) Create(JsonElement c)
    {
        int[] shape = Float32Reference.Shape(c.GetProperty("shape"));
        int channels = shape[1];
        BatchNorm norm = c.GetProperty("dims").GetInt32() == 1 ? new BatchNorm1d(channels) : new BatchNorm2d(channels);
        norm.Weight.CopyFrom(Float32Reference.Input64(c.GetProperty("weight")));
        norm.Bias.CopyFrom(Float32Reference.Input64(c.GetProperty("bias")));
        norm.To(DType.Float32);
        return (norm, shape.Aggregate(1, (a, b) => a * b) / channels);
    }

    private static void Check(Tensor actual, JsonElement expected, string name, int terms) =>
        Float32Reference.AssertWithinBound(actual, expected.GetProperty(name), Float32Reference.Doubles(expected.GetProperty(name + "_mag")), terms, name);

    [TestCaseSource(nameof(Cases))]
    public void TrainingStep_MatchesPyTorchFloat32(int index)
    {
        JsonElement c = Float32Reference.Section("batchnorm")[index];
        JsonElement expected = c.GetProperty("train");
        (BatchNorm norm, int m) = Create(c);

        Tensor y = norm.Forward(Float32Reference.Input(c.GetProperty("x")));
        Tensor dx = norm.Backward(Float32Reference.Input(c.GetProperty("dy")));

        Check(y, expected, "y", m + 8);
        Check(dx, expected, "dx", (3 * m) + 10);
        Check(norm.Grads[0]!, expected, "dweight", (2 * m) + 8);
        Check(norm.Grads[1]!, expected, "dbias", m + 1);
        // running_mean = 0.1·mean + 0.9·0; running_var = 0.1·s²·M/(M − 1) + 0.9·1: the statistics' sums, then 4–6 roundings.
        Check(norm.RunningMean, expected, "running_mean", m + 4);
        Check(norm.RunningVar, expected, "running_var", m + 6);
        Assert.That(norm.NumBatchesTracked.DType, Is.EqualTo(DType.Float32));
        Assert.That(norm.NumBatchesTracked[0], Is.EqualTo(expected.GetProperty("num_batches_tracked").GetInt32()));
    }

    [TestCaseSource(nameof(Cases))]
    public void EvalMode_UsesTheFloat32RunningStatistics_AsPyTorch(int index)
    {
        JsonElement c = Float32Reference.Section("batchnorm")[index];
        JsonElement expected = c.GetProperty("eval");
        (BatchNorm norm, int m) = Create(c);
        norm.Forward(Float32Reference.Input(c.GetProperty("x")));
        norm.ZeroGrad();
        norm.Eval();
        float[] runningMean = norm.RunningMean.ToArray<float>(), runningVar = norm.RunningVar.ToArray<float>();

        Tensor y = norm.Forward(Float32Reference.Input(c.GetProperty("x2")));
        Tensor dx = norm.Backward(Float32Reference.Input(c.GetProperty("dy2")));

        Check(y, expected, "y", 8);
        Check(dx, expected, "dx", 4);
        Check(norm.Grads[0]!, expected, "dweight", m + 8);
        Check(norm.Grads[1]!, expected, "dbias", m + 1);
        Assert.That(norm.RunningMean.ToArray<float>(), Is.EqualTo(runningMean), "eval mode must not update the running mean");
        Assert.That(norm.RunningVar.ToArray<float>(), Is.EqualTo(runningVar), "eval mode must not update the running variance");
        Assert.That(norm.NumBatchesTracked[0], Is.EqualTo(1.0));
    }
}
