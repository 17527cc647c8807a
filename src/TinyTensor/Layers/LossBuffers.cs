using TinyTensor.Internal;

namespace TinyTensor.Layers;

/// <summary>
/// What both classification losses share: the checks on the (N, C) input and the labels, the per-row scratch
/// (grown, never shrunk, so a partial last batch allocates nothing) and the reused gradient buffer that
/// <c>Backward</c> returns, of the input's element type (the per-row losses are float64 whatever the type).
/// </summary>
internal sealed class LossBuffers(string loss)
{
    private readonly BufferSlots _gradients = new();
    private double[] _perRowLoss = [];
    private Tensor? _gradient;

    /// <summary>
    /// Checks <paramref name="input"/> and <paramref name="labels"/>, then returns the (N, C) gradient buffer to
    /// fill and, in <paramref name="perRowLoss"/>, the scratch for the N per-row losses.
    /// </summary>
    /// <param name="input">The (N, C) input of the loss.</param>
    /// <param name="labels">N class indices in [0, C).</param>
    /// <param name="inputName">The parameter name, for messages (probabilities, logits).</param>
    /// <param name="perRowLoss">Receives N doubles of scratch (the losses accumulate in float64).</param>
    /// <returns>A (N, C) buffer of <paramref name="input"/>'s element type.</returns>
    public Tensor Prepare(Tensor input, ReadOnlySpan<int> labels, string inputName, out Span<double> perRowLoss)
    {
        ArgumentNullException.ThrowIfNull(input, inputName);
        if (input.Rank != 2)
        {
            ThrowHelper.Argument(inputName, $"{loss}.Forward: expected (N, C) {inputName}, got shape {input.ShapeText}.");
        }

        int n = input.Rows, classes = input.Columns;
        if (n == 0)
        {
            // The mean over no samples is 0/0: a NaN loss would read as divergence, not as the empty batch it is.
            ThrowHelper.Argument(inputName, $"{loss}.Forward: {inputName} of shape {input.ShapeText} hold no samples; the mean loss of an empty batch is undefined.");
        }

        if (labels.Length != n)
        {
            ThrowHelper.Argument(nameof(labels),
                $"{loss}.Forward: {labels.Length} labels for {inputName} of shape {input.ShapeText}; expected {n}.");
        }

        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes)
            {
                ThrowHelper.Argument(nameof(labels), $"{loss}.Forward: label {labels[i]} at index {i} is outside [0, {classes}).");
            }
        }

        if (_perRowLoss.Length < n)
        {
            _perRowLoss = new double[n];
        }

        perRowLoss = _perRowLoss.AsSpan(0, n);
        return _gradient = _gradients.Get(input.DType, n, classes);
    }

    /// <summary>The gradient filled by the last forward pass.</summary>
    /// <exception cref="InvalidOperationException">No forward pass yet.</exception>
    public Tensor Gradient() =>
        _gradient ?? throw new InvalidOperationException($"{loss}.Backward: call Forward first.");
}
