using System.Numerics;

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
    public static void Update(Span<double> parameter, ReadOnlySpan<double> gradient, Span<double> firstMoment,
        Span<double> secondMoment, in AdamStep step)
    {
        double beta1 = step.Beta1, beta2 = step.Beta2, oneMinusBeta1 = 1.0 - beta1, oneMinusBeta2 = 1.0 - beta2;
        int i = 0;
        if (Vector.IsHardwareAccelerated && parameter.Length >= Vector<double>.Count)
        {
            var b1 = new Vector<double>(beta1);
            var b2 = new Vector<double>(beta2);
            var c1 = new Vector<double>(oneMinusBeta1);
            var c2 = new Vector<double>(oneMinusBeta2);
            var l2 = new Vector<double>(step.L2);
            var decay = new Vector<double>(step.DecayFactor);
            var eps = new Vector<double>(step.Epsilon);
            var stepSize = new Vector<double>(step.StepSize);
            var bc2Sqrt = new Vector<double>(step.BiasCorrection2Sqrt);
            for (; i <= parameter.Length - Vector<double>.Count; i += Vector<double>.Count)
            {
                var p = new Vector<double>(parameter[i..]);
                var g = new Vector<double>(gradient[i..]) + (l2 * p);
                var m = (b1 * new Vector<double>(firstMoment[i..])) + (c1 * g);
                var v = (b2 * new Vector<double>(secondMoment[i..])) + (c2 * (g * g));
                m.CopyTo(firstMoment[i..]);
                v.CopyTo(secondMoment[i..]);
                var denominator = (Vector.SquareRoot(v) / bc2Sqrt) + eps;
                ((p * decay) - (stepSize * (m / denominator))).CopyTo(parameter[i..]);
            }
        }

        for (; i < parameter.Length; i++)
        {
            double p = parameter[i];
            double g = gradient[i] + (step.L2 * p);
            double m = (beta1 * firstMoment[i]) + (oneMinusBeta1 * g);
            double v = (beta2 * secondMoment[i]) + (oneMinusBeta2 * (g * g));
            firstMoment[i] = m;
            secondMoment[i] = v;
            double denominator = (Math.Sqrt(v) / step.BiasCorrection2Sqrt) + step.Epsilon;
            parameter[i] = (p * step.DecayFactor) - (step.StepSize * (m / denominator));
        }
    }
}
