using TinyTensor.Layers;

namespace TinyTensor.Optim;

/// <summary>
/// Per-parameter optimiser state (momentum, moments), one buffer per entry of <see cref="Sequential.Parameters"/>,
/// addressed by (module, parameter-within-module) so that a step can walk the modules without building lists.
/// </summary>
internal sealed class ParameterSlots
{
    private readonly int[] _firstSlot;

    public ParameterSlots(Sequential model)
    {
        IReadOnlyList<Layer> modules = model.Modules;
        _firstSlot = new int[modules.Count];
        int slot = 0;
        for (int m = 0; m < modules.Count; m++)
        {
            _firstSlot[m] = slot;
            slot += modules[m].Parameters.Count;
        }

        Count = slot;
    }

    /// <summary>The number of parameter tensors.</summary>
    public int Count { get; }

    /// <summary>The slot of parameter <paramref name="index"/> of module <paramref name="module"/>.</summary>
    public int Of(int module, int index) => _firstSlot[module] + index;

    /// <summary>One zeroed buffer per parameter, each as long as its parameter.</summary>
    public static double[][] AllocateBuffers(Sequential model)
    {
        IReadOnlyList<Tensor> parameters = model.Parameters;
        var buffers = new double[parameters.Count][];
        for (int i = 0; i < buffers.Length; i++)
        {
            buffers[i] = new double[parameters[i].Length];
        }

        return buffers;
    }
}
