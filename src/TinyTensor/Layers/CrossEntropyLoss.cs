using TinyTensor.Kernels;

namespace TinyTensor.Layers;

/// <summary>
/// The notebook's cross-entropy on softmax probabilities: L = (1/N) Σ_i −log p[i, y_i].
/// </summary>
/// <remarks>
/// <para>Shapes: probabilities are (N, C), labels are N class indices in [0, C).</para>
/// <para><see cref="Backward"/> returns (p − onehot(y)) / N, the gradient with respect to the <i>softmax input</i>
/// (the fused softmax/cross-entropy gradient), which <see cref="Softmax.Backward"/> passes through unchanged.</para>
/// <para>A probability of exactly 0 for the true class (a softmax whose logits spread by more than ≈ 745, where
/// exp underflows) gives a loss of +∞, as in NumPy; the gradient stays finite, (0 − 1)/N for that entry. Training
/// with <see cref="Training.Trainer"/> then stops with a <see cref="Training.TrainingDivergedException"/> naming the
/// epoch and batch; <see cref="SoftmaxCrossEntropyLoss"/> on the logits stays finite instead. A NaN probability gives
/// a NaN loss.</para>
/// <para>The gradient is computed in the same pass as the loss (one pass per row) and kept for
/// <see cref="Backward"/>, which returns it: a buffer the loss reuses, overwritten by the next
/// <see cref="Forward"/>.</para>
/// </remarks>
public sealed class CrossEntropyLoss : ILoss
{
    private readonly LossBuffers _buffers = new(nameof(CrossEntropyLoss));

    /// <summary>The mean negative log-probability of the true classes.</summary>
    /// <param name="probabilities">(N, C) softmax output.</param>
    /// <param name="labels">N class indices in [0, C).</param>
    /// <exception cref="ArgumentException">The probabilities are not 2-D or hold no rows (N = 0), or the label count is not N, or a label
    /// is outside [0, C).</exception>
    public double Forward(Tensor probabilities, ReadOnlySpan<int> labels)
    {
        Tensor gradient = _buffers.Prepare(probabilities, labels, nameof(probabilities), out Span<double> perRowLoss);
        return CrossEntropyKernel.LossAndGradient(probabilities.AsReadOnlySpan(), labels, probabilities.Columns, perRowLoss, gradient.AsSpan());
    }

    /// <summary>(p − onehot(y)) / N for the last <see cref="Forward"/>, in a (N, C) buffer the loss reuses.</summary>
    /// <exception cref="InvalidOperationException"><see cref="Forward"/> has not been called.</exception>
    public Tensor Backward() => _buffers.Gradient();
}
