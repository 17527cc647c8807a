using TinyTensor.Data;
using TinyTensor.Layers;

namespace TinyTensor.Training;

/// <summary>
/// Which view of a data set a model takes: the flat (N, D) <see cref="Dataset.Features"/> (an MLP: its first
/// shape-specific layer is a <see cref="Linear"/> or <see cref="BatchNorm1d"/>), or the samples in their own shape,
/// <see cref="Dataset.Samples"/> (a CNN: it starts with <see cref="Conv2d"/>, pooling, <see cref="BatchNorm2d"/> or
/// <see cref="Flatten"/>). Layers that take any shape (activations, <see cref="Dropout"/>) are looked through; a model
/// of those only takes the flat features.
/// </summary>
internal static class ModelInput
{
    /// <summary>Whether <paramref name="model"/> takes the samples in their own shape rather than flat features.</summary>
    public static bool TakesSamples(Layer model)
    {
        foreach (Layer leaf in Leaves(model))
        {
            switch (leaf)
            {
                case Conv2d or Pool2d or BatchNorm2d or Flatten:
                    return true;
                case Linear or BatchNorm1d:
                    return false;
            }
        }

        return false;
    }

    /// <summary>The element type <paramref name="model"/> runs in: its parameters' (read from the first one, which
    /// allocates nothing), else its buffers', else float64 (a model without tensors follows its input; the batches
    /// then keep the default type).</summary>
    /// <remarks>A model whose tensors mix types is reported by its layers when they meet an input.</remarks>
    public static DType DTypeOf(Layer model)
    {
        Parameter[] parameters = model.AllParameters;
        return parameters.Length > 0 ? parameters[0].Value.DType : model.DType ?? DType.Float64;
    }

    /// <summary>The tensor of <paramref name="data"/> that <paramref name="model"/> takes.</summary>
    public static Tensor Of(Layer model, Dataset data) => TakesSamples(model) ? data.Samples : data.Features;

    private static IEnumerable<Layer> Leaves(Layer layer)
    {
        bool any = false;
        foreach ((_, Layer child) in layer.NamedChildren())
        {
            any = true;
            foreach (Layer leaf in Leaves(child))
            {
                yield return leaf;
            }
        }

        if (!any)
        {
            yield return layer;
        }
    }
}
