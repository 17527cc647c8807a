namespace TinyTensor.Layers;

/// <summary>
/// A network layer: a forward function and its backward rule, plus the parameters it learns and their gradients
/// (the framework's <c>BaseLayer</c>).
/// </summary>
/// <remarks>
/// <para><b>Buffer ownership.</b> The tensors returned by <see cref="Forward"/>, <see cref="Backward"/> and held
/// in <see cref="Grads"/> are buffers the layer owns and reuses: the next call to the same method overwrites them
/// (a layer keeps one buffer per role for each of the last two batch shapes, so a buffer returned for a batch of 64
/// is overwritten by the next batch of 64, even after a batch of 16 in between). Copy a result (<see cref="Tensor.Clone"/>) to keep it.
/// A layer also keeps a reference to the input of its last <see cref="Forward"/> for <see cref="Backward"/>: do not
/// modify that input in between.</para>
/// <para>Training a step therefore allocates nothing once the batch sizes are known, including epochs whose last
/// batch is partial (two sizes alternate); a third batch size evicts the least recently used buffer.</para>
/// <para><b>Non-finite values.</b> Layers do not check their inputs (a check per call would cost as much as a cheap
/// layer): NaN and ±∞ propagate as in NumPy (ReLU and LeakyReLU keep NaN, a Linear layer spreads one NaN over its
/// output row). Checks sit where they are cheap: <see cref="Data.Dataset"/> rejects non-finite features, the readers
/// reject malformed files, and <see cref="Training.Trainer"/> stops with a
/// <see cref="Training.TrainingDivergedException"/> as soon as a batch loss is NaN or ±∞.</para>
/// </remarks>
public abstract class Layer
{
    /// <summary>Computes the layer's output for a batch of inputs.</summary>
    /// <param name="input">The batch, one sample per row.</param>
    /// <returns>A buffer owned by the layer, overwritten by the next <see cref="Forward"/>.</returns>
    public abstract Tensor Forward(Tensor input);

    /// <summary>
    /// Given the gradient of the loss with respect to this layer's output, stores the gradients of its parameters
    /// in <see cref="Grads"/> and returns the gradient with respect to its input.
    /// </summary>
    /// <param name="outputGradient">dL/d(output), the shape of the last <see cref="Forward"/>'s output.</param>
    /// <returns>A buffer owned by the layer (or <paramref name="outputGradient"/> itself for layers whose
    /// gradient is the identity), overwritten by the next <see cref="Backward"/>.</returns>
    /// <exception cref="InvalidOperationException"><see cref="Forward"/> has not been called.</exception>
    public abstract Tensor Backward(Tensor outputGradient);

    /// <summary>
    /// Like <see cref="Backward"/>, but only stores the parameter gradients: the gradient with respect to the input
    /// is not computed. Training needs no gradient for the network's input, so a network's first layer can skip
    /// that product (for a Linear layer, dout·Wᵀ: about a third of its backward work), as PyTorch does for inputs
    /// that do not require a gradient.
    /// </summary>
    /// <param name="outputGradient">dL/d(output), the shape of the last <see cref="Forward"/>'s output.</param>
    /// <exception cref="InvalidOperationException"><see cref="Forward"/> has not been called.</exception>
    public virtual void BackwardParameters(Tensor outputGradient) => Backward(outputGradient);

    /// <summary>Forgets the gradients: every entry of <see cref="Grads"/> becomes <see langword="null"/>.</summary>
    public virtual void ZeroGrad()
    {
    }

    /// <summary>The learned parameters, updated in place by an optimiser. Empty for layers without any.</summary>
    public virtual IReadOnlyList<Tensor> Parameters => [];

    /// <summary>
    /// The gradient of each entry of <see cref="Parameters"/>, in the same order; <see langword="null"/> until
    /// <see cref="Backward"/> runs and after <see cref="ZeroGrad"/>. The tensors are buffers the layer reuses.
    /// </summary>
    public virtual IReadOnlyList<Tensor?> Grads => [];

    private protected static Tensor RequireForward(Tensor? input, string layer)
    {
        if (input is null)
        {
            throw new InvalidOperationException($"{layer}.Backward: call Forward first; there is no input to differentiate at.");
        }

        return input;
    }

    private protected static void RequireSameShape(Tensor outputGradient, Tensor output, string layer)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        if (!outputGradient.SameShape(output))
        {
            throw new ArgumentException(
                $"{layer}.Backward: the output gradient has shape {outputGradient.ShapeText}, but the last Forward produced {output.ShapeText}.",
                nameof(outputGradient));
        }
    }
}
