using System.Numerics;

namespace TinyTensor.Kernels;

/// <summary>The SGD update with weight decay, p −= lr·(g + wd·p), in the framework's order of operations, in either
/// element type.</summary>
internal static class SgdKernel
{
    /// <summary>
    /// Four roundings per element, in NumPy's order (wd·p, g + ·, lr·(·), p − ·), so the float64 updates match NumPy
    /// bit for bit; no FMA contraction, which would change the bits. In float32, lr and wd are the float64
    /// hyper-parameters rounded to float32 (as PyTorch converts its Python-float scalars to the tensor's type) and every
    /// operation rounds to float32.
    /// </summary>
    public static void Update<T>(Span<T> parameter, ReadOnlySpan<T> gradient, T learningRate, T weightDecay)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && parameter.Length >= Vector<T>.Count)
        {
            var lr = new Vector<T>(learningRate);
            var wd = new Vector<T>(weightDecay);
            for (; i <= parameter.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var p = new Vector<T>(parameter[i..]);
                var g = new Vector<T>(gradient[i..]);
                (p - (lr * (g + (wd * p)))).CopyTo(parameter[i..]);
            }
        }

        for (; i < parameter.Length; i++)
        {
            T p = parameter[i];
            parameter[i] = p - (learningRate * (gradient[i] + (weightDecay * p)));
        }
    }
}
