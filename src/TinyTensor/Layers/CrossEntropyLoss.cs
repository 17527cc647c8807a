using TinyTensor.Internal;
using TinyTensor.Kernels;

namespace TinyTensor.Layers;

/// <summary>
/// The notebook's cross-entropy on softmax probabilities: L = (1/N) Σ_i −log p[i, y_i].
/// </summary>
/// <remarks>
/// <para>Shapes: probabilities are (N, C), labels are N class indices in [0, C).</para>
/// <para><see cref="Backward"/> returns (p − onehot(y)) / N, the gradient with respect to the <i>softmax input</i>
/// (the fused softmax/cross-entropy gradient), which <see cref="Softmax.Backward"/> passes through unchanged.</para>
/// <para>A probability of exactly 0 for the true class gives an infinite loss, as in NumPy.</para>
/// <para>The loss keeps a reference to the probabilities of the last <see cref="Forward"/>; the returned gradient
/// is a buffer it reuses.</para>
/// </remarks>
public sealed class CrossEntropyLoss : ILoss
{
    private Tensor? _probabilities;
    private int[] _labels = [];
    private double[] _perRowLoss = [];
    private Tensor? _gradient;

    /// <summary>The mean negative log-probability of the true classes.</summary>
    /// <param name="probabilities">(N, C) softmax output.</param>
    /// <param name="labels">N class indices in [0, C).</param>
    /// <exception cref="ArgumentException">The probabilities are not 2-D, or the label count is not N, or a label
    /// is outside [0, C).</exception>
    public double Forward(Tensor probabilities, ReadOnlySpan<int> labels)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        if (probabilities.Rank != 2)
        {
            ThrowHelper.Argument(nameof(probabilities),
                $"CrossEntropyLoss.Forward: expected (N, C) probabilities, got shape {probabilities.ShapeText}.");
        }

        int n = probabilities.Rows, classes = probabilities.Columns;
        if (labels.Length != n)
        {
            ThrowHelper.Argument(nameof(labels),
                $"CrossEntropyLoss.Forward: {labels.Length} labels for probabilities of shape {probabilities.ShapeText}; expected {n}.");
        }

        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes)
            {
                ThrowHelper.Argument(nameof(labels),
                    $"CrossEntropyLoss.Forward: label {labels[i]} at index {i} is outside [0, {classes}).");
            }
        }

        if (_labels.Length != n)
        {
            _labels = new int[n];
            _perRowLoss = new double[n];
        }

        labels.CopyTo(_labels);
        _probabilities = probabilities;
        return CrossEntropyKernel.Loss(probabilities.AsReadOnlySpan(), labels, classes, _perRowLoss);
    }

    /// <summary>(p − onehot(y)) / N for the last <see cref="Forward"/>, in a (N, C) buffer the loss reuses.</summary>
    /// <exception cref="InvalidOperationException"><see cref="Forward"/> has not been called.</exception>
    public Tensor Backward()
    {
        if (_probabilities is null)
        {
            throw new InvalidOperationException("CrossEntropyLoss.Backward: call Forward first.");
        }

        Tensor gradient = _gradient = _gradient is not null && _gradient.SameShape(_probabilities)
            ? _gradient
            : new Tensor(_probabilities.Rows, _probabilities.Columns);
        CrossEntropyKernel.Gradient(_probabilities.AsReadOnlySpan(), _labels, _probabilities.Columns, gradient.AsSpan());
        return gradient;
    }
}
