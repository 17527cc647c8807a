using System.Numerics;

namespace TinyTensor.Kernels;

/// <summary>The SGD update with weight decay, p −= lr·(g + wd·p), in the framework's order of operations.</summary>
internal static class SgdKernel
{
    /// <summary>
    /// Four roundings per element, in NumPy's order (wd·p, g + ·, lr·(·), p − ·), so the updates match NumPy bit for
    /// bit; no FMA contraction, which would change the bits.
    /// </summary>
    public static void Update(Span<double> parameter, ReadOnlySpan<double> gradient, double learningRate, double weightDecay)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && parameter.Length >= Vector<double>.Count)
        {
            var lr = new Vector<double>(learningRate);
            var wd = new Vector<double>(weightDecay);
            for (; i <= parameter.Length - Vector<double>.Count; i += Vector<double>.Count)
            {
                var p = new Vector<double>(parameter[i..]);
                var g = new Vector<double>(gradient[i..]);
                (p - (lr * (g + (wd * p)))).CopyTo(parameter[i..]);
            }
        }

        for (; i < parameter.Length; i++)
        {
            double p = parameter[i];
            parameter[i] = p - (learningRate * (gradient[i] + (weightDecay * p)));
        }
    }
}
