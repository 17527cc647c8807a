using TinyTensor.Layers;

namespace TinyTensor.Tests.Optim;

/// <summary>
/// A one-layer model whose gradients the test chooses: Linear(1, k) fed x = [[1]] has dW = xᵀ·g = g and db = g
/// exactly, for any output gradient g.
/// </summary>
internal sealed class OptimizerTestModel
{
    private static readonly Tensor One = Tensor.FromArray([1.0], 1, 1);

    public OptimizerTestModel(double[] weight, double[] bias)
    {
        Layer = Linear.FromParameters(Tensor.FromArray(weight, 1, weight.Length), Tensor.FromArray(bias, bias.Length));
        Model = new Sequential(Layer);
    }

    public Linear Layer { get; }

    public Sequential Model { get; }

    /// <summary>Makes g the gradient of both W and b.</summary>
    public void SetGradient(double[] g)
    {
        Model.ZeroGrad();
        Model.Forward(One);
        Model.Backward(Tensor.FromArray(g, 1, g.Length));
    }
}
