using System.Numerics;

namespace TinyTensor.Kernels;

/// <summary>
/// SGD with momentum as PyTorch's <c>torch.optim.SGD</c> (dampening 0): g ← g + wd·p; v ← μ·v + g (v ← g on the
/// first step); d ← g + μ·v with Nesterov, else v; p ← p − lr·d.
/// </summary>
internal static class SgdMomentumKernel
{
    /// <param name="parameter">p, updated in place.</param>
    /// <param name="gradient">∂L/∂p.</param>
    /// <param name="velocity">v, the momentum buffer, updated in place.</param>
    /// <param name="learningRate">lr.</param>
    /// <param name="weightDecay">wd, the L2 penalty added to the gradient.</param>
    /// <param name="momentum">μ.</param>
    /// <param name="nesterov">Whether to look ahead: d = g + μ·v.</param>
    /// <param name="firstStep">Whether v has never been set: PyTorch then starts it at g rather than μ·0 + g.</param>
    public static void Update(Span<double> parameter, ReadOnlySpan<double> gradient, Span<double> velocity,
        double learningRate, double weightDecay, double momentum, bool nesterov, bool firstStep)
    {
        // firstStep is folded into a multiplier: μ·v with v = 0 would also give g except for the sign of zero.
        double keep = firstStep ? 0.0 : momentum;
        double look = nesterov ? momentum : 0.0;
        int i = 0;
        if (Vector.IsHardwareAccelerated && parameter.Length >= Vector<double>.Count)
        {
            var lr = new Vector<double>(learningRate);
            var wd = new Vector<double>(weightDecay);
            var mu = new Vector<double>(keep);
            var ahead = new Vector<double>(look);
            for (; i <= parameter.Length - Vector<double>.Count; i += Vector<double>.Count)
            {
                var p = new Vector<double>(parameter[i..]);
                var g = new Vector<double>(gradient[i..]) + (wd * p);
                var v = firstStep ? g : (mu * new Vector<double>(velocity[i..])) + g;
                v.CopyTo(velocity[i..]);
                var d = nesterov ? g + (ahead * v) : v;
                (p - (lr * d)).CopyTo(parameter[i..]);
            }
        }

        for (; i < parameter.Length; i++)
        {
            double p = parameter[i];
            double g = gradient[i] + (weightDecay * p);
            double v = firstStep ? g : (keep * velocity[i]) + g;
            velocity[i] = v;
            double d = nesterov ? g + (look * v) : v;
            parameter[i] = p - (learningRate * d);
        }
    }
}
