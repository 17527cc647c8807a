namespace TinyTensor.Layers;

/// <summary>
/// A classification loss over a batch: <see cref="Forward"/> scores the network's output against the labels,
/// <see cref="Backward"/> gives the gradient to feed to <see cref="Sequential.Backward"/>.
/// </summary>
public interface ILoss
{
    /// <summary>The mean loss of the batch, accumulated in float64 and returned as a double whatever the output's
    /// element type.</summary>
    /// <param name="output">The network's (N, C) output, float64 or float32.</param>
    /// <param name="labels">N class indices in [0, C).</param>
    double Forward(Tensor output, ReadOnlySpan<int> labels);

    /// <summary>The gradient of the last <see cref="Forward"/>'s loss with respect to what the network should
    /// back-propagate, in a buffer the loss reuses, of the last output's element type.</summary>
    Tensor Backward();
}
