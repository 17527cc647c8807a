using TinyTensor.Layers;

namespace TinyTensor.Tests.Serialization;

/// <summary>An identity layer whose type no test registers: what a model file must refuse to save.</summary>
internal sealed class UnregisteredLayer : Layer
{
    public override Tensor Forward(Tensor input) => input;

    public override Tensor Backward(Tensor outputGradient) => outputGradient;
}
