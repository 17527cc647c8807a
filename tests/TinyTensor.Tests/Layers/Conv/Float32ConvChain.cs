using TinyTensor.Layers;

namespace TinyTensor.Tests.Layers.Conv;

/// <summary>
/// Every convolutional layer of this folder in a chain (Conv2d → BatchNorm2d → MaxPool2d → Conv2d → AvgPool2d →
/// Flatten → Dropout), run forward and backward layer by layer: a float32 CNN step without the activations and the
/// loss, whose float32 support is not these layers'.
/// </summary>
internal sealed class Float32ConvChain
{
    private readonly Layer[] _layers;

    public Float32ConvChain(uint seed, DType dtype)
    {
        var rng = new RandomState(seed);
        _layers =
        [
            new Conv2d(3, 16, 3, rng, padding: 1), new BatchNorm2d(16), new MaxPool2d(2),
            new Conv2d(16, 32, 3, rng, padding: 1), new AvgPool2d(2), new Flatten(), new Dropout(0.25, new RandomState(seed + 1)),
        ];
        foreach (Layer layer in _layers)
        {
            layer.To(dtype);
        }
    }

    public IReadOnlyList<Layer> Layers => _layers;

    /// <summary>x is (N, 3, H, W) with H and W multiples of 4; dy is (N, 32·H/4·W/4).</summary>
    public (Tensor Output, Tensor InputGradient) Step(Tensor x, Tensor dy)
    {
        Tensor h = x;
        foreach (Layer layer in _layers)
        {
            h = layer.Forward(h);
        }

        foreach (Layer layer in _layers)
        {
            layer.ZeroGrad();
        }

        Tensor g = dy;
        for (int i = _layers.Length - 1; i >= 0; i--)
        {
            g = _layers[i].Backward(g);
        }

        return (h, g);
    }

    /// <summary>Every parameter, gradient and buffer, widened to double, in a fixed order.</summary>
    public double[] State() =>
    [
        .. _layers.SelectMany(l => l.OwnParameters).SelectMany(p => p.Value.ToArray().Concat(p.Grad?.ToArray() ?? [])),
        .. _layers.SelectMany(l => l.OwnBuffers).SelectMany(b => b.Value.ToArray()),
    ];
}
