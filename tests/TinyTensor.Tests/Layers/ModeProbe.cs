using TinyTensor.Layers;

namespace TinyTensor.Tests.Layers;

/// <summary>An identity layer that records, for each Forward, the batch's rows and the layer's mode; optionally it
/// blocks inside Forward until released, to make two calls overlap on purpose.</summary>
internal sealed class ModeProbe : Layer
{
    public List<(bool Training, double[] Rows)> Calls { get; } = [];

    public ManualResetEventSlim? Entered { get; init; }

    public ManualResetEventSlim? Release { get; init; }

    public override Tensor Forward(Tensor input)
    {
        Calls.Add((Training, input.ToArray()));
        Entered?.Set();
        Release?.Wait(TimeSpan.FromSeconds(10));
        return input;
    }

    public override Tensor Backward(Tensor outputGradient) => outputGradient;
}
