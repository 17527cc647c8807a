using TinyTensor.Kernels;

namespace TinyTensor.Layers;

/// <summary>
/// Cross-entropy on logits (PyTorch's <c>CrossEntropyLoss</c>): L = (1/N) Σ_i [log Σ_j exp(x[i, j]) − x[i, y_i]],
/// computed by log-sum-exp so that it stays finite for any finite logits.
/// </summary>
/// <remarks>
/// <para>Shapes: logits are (N, C), labels are N class indices in [0, C).</para>
/// <para><see cref="Backward"/> returns dL/dx = (softmax(x) − onehot(y)) / N. Put this loss directly after the last
/// <see cref="Linear"/> (no <see cref="Softmax"/> layer); the notebook's <see cref="Softmax"/> +
/// <see cref="CrossEntropyLoss"/> pair computes the same loss from probabilities, but −log p overflows to ∞ once a
/// probability underflows to 0.</para>
/// <para>Finite logits of any size give a finite loss and gradient. A NaN logit, or +∞ anywhere in the row, gives a
/// NaN loss (∞ − ∞), as PyTorch does; <see cref="Training.Trainer"/> then stops with a
/// <see cref="Training.TrainingDivergedException"/>.</para>
/// <para>The gradient is computed in the same pass over each row as the loss and kept in a buffer the loss owns;
/// <see cref="Backward"/> returns that buffer, overwritten by the next <see cref="Forward"/>. Nothing is allocated
/// once the batch size is known.</para>
/// <para><b>Element types.</b> The logits may be float64 or float32; the gradient has the logits' type. Per row, the
/// maximum, the shifted logits, their exponentials and the gradient are computed in that type; the sum of the
/// exponentials, its log, each row's loss and the batch mean are computed in float64, and the loss is returned as a
/// <see cref="double"/> (for float64 logits every step is float64, bit for bit the float64 loss). PyTorch's
/// <c>cross_entropy</c> on float32 logits computes the log-softmax and the mean in float32 and returns a float32
/// loss: the two agree to float32 rounding (≈ 1e-7 relative), TinyTensor's mean carrying no float32 rounding of its
/// own.</para>
/// </remarks>
public sealed class SoftmaxCrossEntropyLoss : ILoss
{
    private readonly LossBuffers _buffers = new(nameof(SoftmaxCrossEntropyLoss));

    /// <summary>The mean cross-entropy of the batch.</summary>
    /// <param name="logits">(N, C) unnormalised scores.</param>
    /// <param name="labels">N class indices in [0, C).</param>
    /// <exception cref="ArgumentException">The logits are not 2-D or hold no rows (N = 0), or the label count is not N, or a label is
    /// outside [0, C).</exception>
    public double Forward(Tensor logits, ReadOnlySpan<int> labels)
    {
        Tensor gradient = _buffers.Prepare(logits, labels, nameof(logits), out Span<double> perRowLoss);
        return logits.DType == DType.Float32
            ? SoftmaxCrossEntropyKernel.LossAndGradient(logits.AsReadOnlySpan<float>(), labels, logits.Columns, gradient.AsSpan<float>(), perRowLoss)
            : SoftmaxCrossEntropyKernel.LossAndGradient(logits.AsReadOnlySpan<double>(), labels, logits.Columns, gradient.AsSpan<double>(), perRowLoss);
    }

    /// <summary>(softmax(x) − onehot(y)) / N for the last <see cref="Forward"/>, in a (N, C) buffer the loss reuses.</summary>
    /// <exception cref="InvalidOperationException"><see cref="Forward"/> has not been called.</exception>
    public Tensor Backward() => _buffers.Gradient();
}
