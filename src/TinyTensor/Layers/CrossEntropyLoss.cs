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
/// <para><b>Element types.</b> The probabilities may be float64 or float32; the gradient (p − onehot(y)) / N is
/// computed in their type. Each p[i, y_i] is widened to float64 (exactly), and its log, the sum over the batch and
/// the mean are computed in float64: the loss is returned as a <see cref="double"/> (for float64 probabilities, bit
/// for bit the notebook's). PyTorch's <c>nll_loss(log(p))</c> on float32 takes the log and the mean in float32 and
/// returns a float32 loss; the two agree to float32 rounding.</para>
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
        return probabilities.DType == DType.Float32
            ? CrossEntropyKernel.LossAndGradient(probabilities.AsReadOnlySpan<float>(), labels, probabilities.Columns, perRowLoss, gradient.AsSpan<float>())
            : CrossEntropyKernel.LossAndGradient(probabilities.AsReadOnlySpan<double>(), labels, probabilities.Columns, perRowLoss, gradient.AsSpan<double>());
    }

    /// <summary>(p − onehot(y)) / N for the last <see cref="Forward"/>, in a (N, C) buffer the loss reuses.</summary>
    /// <exception cref="InvalidOperationException"><see cref="Forward"/> has not been called.</exception>
    public Tensor Backward() => _buffers.Gradient();
}
