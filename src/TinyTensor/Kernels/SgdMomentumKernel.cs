using System.Numerics;

namespace TinyTensor.Kernels;

/// <summary>
/// SGD with momentum as PyTorch's <c>torch.optim.SGD</c> (dampening 0): g ← g + wd·p; v ← μ·v + g (v ← g on the
/// first step); d ← g + μ·v with Nesterov, else v; p ← p − lr·d. In either element type: the velocity has the
/// parameter's type and the hyper-parameters are rounded to it, as PyTorch does.
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
    public static void Update<T>(Span<T> parameter, ReadOnlySpan<T> gradient, Span<T> velocity,
        T learningRate, T weightDecay, T momentum, bool nesterov, bool firstStep)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // firstStep is folded into a multiplier: μ·v with v = 0 would also give g except for the sign of zero.
        T keep = firstStep ? T.Zero : momentum;
        T look = nesterov ? momentum : T.Zero;
        int i = 0;
        if (Vector.IsHardwareAccelerated && parameter.Length >= Vector<T>.Count)
        {
            var lr = new Vector<T>(learningRate);
            var wd = new Vector<T>(weightDecay);
            var mu = new Vector<T>(keep);
            var ahead = new Vector<T>(look);
            for (; i <= parameter.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var p = new Vector<T>(parameter[i..]);
                var g = new Vector<T>(gradient[i..]) + (wd * p);
                var v = firstStep ? g : (mu * new Vector<T>(velocity[i..])) + g;
                v.CopyTo(velocity[i..]);
                var d = nesterov ? g + (ahead * v) : v;
                (p - (lr * d)).CopyTo(parameter[i..]);
            }
        }

        for (; i < parameter.Length; i++)
        {
            T p = parameter[i];
            T g = gradient[i] + (weightDecay * p);
            T v = firstStep ? g : (keep * velocity[i]) + g;
            velocity[i] = v;
            T d = nesterov ? g + (look * v) : v;
            parameter[i] = p - (learningRate * d);
        }
    }
}
