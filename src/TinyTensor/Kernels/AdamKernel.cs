using System.Numerics;
using System.Runtime.Intrinsics;

namespace TinyTensor.Kernels;

/// <summary>The scalars of one Adam/AdamW step, computed once per step rather than once per element.</summary>
internal readonly record struct AdamStep(
    double Beta1,
    double Beta2,
    double Epsilon,
    double L2,
    double DecayFactor,
    double StepSize,
    double BiasCorrection2Sqrt);

/// <summary>
/// One Adam / AdamW update per element, in PyTorch's implementation form (torch/optim/adam.py, single-tensor):
/// p ← p·decay; g ← g + l2·p; m ← β1·m + (1 − β1)·g; v ← β2·v + (1 − β2)·g²;
/// p ← p − step_size · m / (√v / √(1 − β2ᵗ) + ε) with step_size = lr / (1 − β1ᵗ).
/// </summary>
/// <remarks>Adam passes l2 = weight_decay and decay = 1; AdamW passes l2 = 0 and decay = 1 − lr·weight_decay
/// (decoupled decay). Both forms equal the documented m̂ = m / (1 − β1ᵗ), v̂ = v / (1 − β2ᵗ),
/// p ← p − lr·m̂ / (√v̂ + ε) up to rounding; ε sits outside the square root.</remarks>
internal static class AdamKernel
{
    /// <summary>One update in element type <typeparamref name="T"/>: the moments have the parameter's type; each
    /// per-step scalar of <paramref name="step"/> (and 1 − β1, 1 − β2, formed in float64) is rounded to T once, as
    /// PyTorch converts its Python-float scalars to the tensor's type. For T = double nothing is rounded: the float64
    /// update, bit for bit.</summary>
    public static void Update<T>(Span<T> parameter, ReadOnlySpan<T> gradient, Span<T> firstMoment,
        Span<T> secondMoment, in AdamStep step)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T beta1 = T.CreateTruncating(step.Beta1), beta2 = T.CreateTruncating(step.Beta2);
        T oneMinusBeta1 = T.CreateTruncating(1.0 - step.Beta1), oneMinusBeta2 = T.CreateTruncating(1.0 - step.Beta2);
        T l2 = T.CreateTruncating(step.L2), decay = T.CreateTruncating(step.DecayFactor), eps = T.CreateTruncating(step.Epsilon);
        T stepSize = T.CreateTruncating(step.StepSize), bc2Sqrt = T.CreateTruncating(step.BiasCorrection2Sqrt);
        int i = 0;
        if (Vector512.IsHardwareAccelerated && parameter.Length >= Vector512<T>.Count)
        {
            // The square root and the two divisions bound this loop; 512-bit vectors halve their count per element
            // (Vector<T> is 256-bit even where AVX-512 is accelerated). The same operations in the same order as below.
            var b1 = Vector512.Create(beta1);
            var b2 = Vector512.Create(beta2);
            var c1 = Vector512.Create(oneMinusBeta1);
            var c2 = Vector512.Create(oneMinusBeta2);
            var l2v = Vector512.Create(l2);
            var decayv = Vector512.Create(decay);
            var epsv = Vector512.Create(eps);
            var stepSizev = Vector512.Create(stepSize);
            var bc2Sqrtv = Vector512.Create(bc2Sqrt);
            for (; i <= parameter.Length - Vector512<T>.Count; i += Vector512<T>.Count)
            {
                var p = Vector512.Create<T>(parameter[i..]);
                var g = Vector512.Create<T>(gradient[i..]) + (l2v * p);
                var m = (b1 * Vector512.Create<T>(firstMoment[i..])) + (c1 * g);
                var v = (b2 * Vector512.Create<T>(secondMoment[i..])) + (c2 * (g * g));
                m.CopyTo(firstMoment[i..]);
                v.CopyTo(secondMoment[i..]);
                var denominator = (Vector512.Sqrt(v) / bc2Sqrtv) + epsv;
                ((p * decayv) - (stepSizev * (m / denominator))).CopyTo(parameter[i..]);
            }
        }

        if (Vector.IsHardwareAccelerated && parameter.Length - i >= Vector<T>.Count)
        {
            var b1 = new Vector<T>(beta1);
            var b2 = new Vector<T>(beta2);
            var c1 = new Vector<T>(oneMinusBeta1);
            var c2 = new Vector<T>(oneMinusBeta2);
            var l2v = new Vector<T>(l2);
            var decayv = new Vector<T>(decay);
            var epsv = new Vector<T>(eps);
            var stepSizev = new Vector<T>(stepSize);
            var bc2Sqrtv = new Vector<T>(bc2Sqrt);
            for (; i <= parameter.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var p = new Vector<T>(parameter[i..]);
                var g = new Vector<T>(gradient[i..]) + (l2v * p);
                var m = (b1 * new Vector<T>(firstMoment[i..])) + (c1 * g);
                var v = (b2 * new Vector<T>(secondMoment[i..])) + (c2 * (g * g));
                m.CopyTo(firstMoment[i..]);
                v.CopyTo(secondMoment[i..]);
                var denominator = (Vector.SquareRoot(v) / bc2Sqrtv) + epsv;
                ((p * decayv) - (stepSizev * (m / denominator))).CopyTo(parameter[i..]);
            }
        }

        for (; i < parameter.Length; i++)
        {
            T p = parameter[i];
            T g = gradient[i] + (l2 * p);
            T m = (beta1 * firstMoment[i]) + (oneMinusBeta1 * g);
            T v = (beta2 * secondMoment[i]) + (oneMinusBeta2 * (g * g));
            firstMoment[i] = m;
            secondMoment[i] = v;
            T denominator = (T.Sqrt(v) / bc2Sqrt) + eps;
            parameter[i] = (p * decay) - (stepSize * (m / denominator));
        }
    }
}
