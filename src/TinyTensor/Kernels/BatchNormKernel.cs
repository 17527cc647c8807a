using System.Numerics;

namespace TinyTensor.Kernels;

/// <summary>
/// Batch normalisation over x viewed as (N, C, S), one statistic per channel c over its N·S values (S = H·W for
/// images, 1 for features). Spans and sizes only, no checks; sums run in the fixed order n, then s.
/// </summary>
/// <remarks>Generic over the element type T of x, y and the parameters (double or float). The per-channel statistics
/// and sums are double whatever T is, as PyTorch's CPU kernels accumulate float32 in double (<c>acc_type&lt;float&gt;</c>
/// on the CPU is double): widening a float is exact, so for T = double every line does exactly the operations it did
/// before the kernel became generic, and for T = float a sum over 50,000 positions keeps float32 accuracy. Per element,
/// x̂, y and dx are computed in T.</remarks>
internal static class BatchNormKernel
{
    /// <summary>The batch mean of every channel and the sum of squared deviations from it (two passes, mean first),
    /// from which the caller forms the biased (÷ N·S) and unbiased (÷ (N·S − 1)) variances as PyTorch does.</summary>
    public static void Statistics<T>(ReadOnlySpan<T> x, int batch, int channels, int spatial, Span<double> mean, Span<double> squaredDeviations)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double count = (double)batch * spatial;
        for (int c = 0; c < channels; c++)
        {
            double sum = 0;
            for (int n = 0; n < batch; n++)
            {
                foreach (T v in x.Slice(((n * channels) + c) * spatial, spatial))
                {
                    sum += double.CreateTruncating(v);
                }
            }

            double m = sum / count;
            double squares = 0;
            for (int n = 0; n < batch; n++)
            {
                foreach (T v in x.Slice(((n * channels) + c) * spatial, spatial))
                {
                    double d = double.CreateTruncating(v) - m;
                    squares += d * d;
                }
            }

            mean[c] = m;
            squaredDeviations[c] = squares;
        }
    }

    /// <summary>PyTorch's <c>batch_norm_cpu_update_stats</c>: invStd from the biased variance; running_mean and the
    /// running (unbiased) variance moved towards the batch's by <paramref name="momentum"/>, in double, each rounded
    /// once to T.</summary>
    public static void UpdateStatistics<T>(ReadOnlySpan<double> mean, ReadOnlySpan<double> squaredDeviations, long count, double momentum,
        double eps, Span<double> invStd, Span<T> runningMean, Span<T> runningVar)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < mean.Length; i++)
        {
            invStd[i] = 1 / Math.Sqrt((squaredDeviations[i] / count) + eps);
            runningMean[i] = T.CreateTruncating((momentum * mean[i]) + ((1 - momentum) * double.CreateTruncating(runningMean[i])));
            runningVar[i] = T.CreateTruncating((momentum * (squaredDeviations[i] / (count - 1))) + ((1 - momentum) * double.CreateTruncating(runningVar[i])));
        }
    }

    /// <summary>Eval mode: mean = running_mean and invStd = 1/√(running_var + ε), in double.</summary>
    public static void RunningStatistics<T>(ReadOnlySpan<T> runningMean, ReadOnlySpan<T> runningVar, double eps, Span<double> mean, Span<double> invStd)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < runningMean.Length; i++)
        {
            mean[i] = double.CreateTruncating(runningMean[i]);
            invStd[i] = 1 / Math.Sqrt(double.CreateTruncating(runningVar[i]) + eps);
        }
    }

    /// <summary>x̂ = (x − mean[c])·invStd[c] and y = x̂·weight[c] + bias[c] (mean and invStd rounded to T first).</summary>
    public static void Normalize<T>(ReadOnlySpan<T> x, int batch, int channels, int spatial, ReadOnlySpan<double> mean,
        ReadOnlySpan<double> invStd, ReadOnlySpan<T> weight, ReadOnlySpan<T> bias, Span<T> xHat, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int n = 0; n < batch; n++)
        {
            for (int c = 0; c < channels; c++)
            {
                int start = ((n * channels) + c) * spatial;
                T m = T.CreateTruncating(mean[c]), s = T.CreateTruncating(invStd[c]), w = weight[c], b = bias[c];
                for (int i = start; i < start + spatial; i++)
                {
                    T h = (x[i] - m) * s;
                    xHat[i] = h;
                    y[i] = (h * w) + b;
                }
            }
        }
    }

    /// <summary>Per channel, in double: Σ dy (dβ) and Σ dy·x̂ (dγ; a product of two widened floats is exact).</summary>
    public static void GradientSums<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> xHat, int batch, int channels, int spatial,
        Span<double> sumDy, Span<double> sumDyXHat)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int c = 0; c < channels; c++)
        {
            double a = 0, b = 0;
            for (int n = 0; n < batch; n++)
            {
                int start = ((n * channels) + c) * spatial;
                for (int i = start; i < start + spatial; i++)
                {
                    double g = double.CreateTruncating(dy[i]);
                    a += g;
                    b += g * double.CreateTruncating(xHat[i]);
                }
            }

            sumDy[c] = a;
            sumDyXHat[c] = b;
        }
    }

    /// <summary>grad = sum rounded to T (β = 0), or grad + that (β = 1, <paramref name="accumulate"/>).</summary>
    public static void StoreGradient<T>(ReadOnlySpan<double> sum, Span<T> grad, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < sum.Length; i++)
        {
            grad[i] = accumulate ? grad[i] + T.CreateTruncating(sum[i]) : T.CreateTruncating(sum[i]);
        }
    }

    /// <summary>dx in train mode (the batch statistics depend on x): with M = N·S,
    /// dx = γ·invStd·(dy − Σdy/M − x̂·Σ(dy·x̂)/M); the per-channel factors in double, then rounded to T.</summary>
    public static void InputGradientTrain<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> xHat, int batch, int channels, int spatial,
        ReadOnlySpan<T> weight, ReadOnlySpan<double> invStd, ReadOnlySpan<double> sumDy, ReadOnlySpan<double> sumDyXHat, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double count = (double)batch * spatial;
        for (int n = 0; n < batch; n++)
        {
            for (int c = 0; c < channels; c++)
            {
                int start = ((n * channels) + c) * spatial;
                T scale = T.CreateTruncating(double.CreateTruncating(weight[c]) * invStd[c]);
                T meanDy = T.CreateTruncating(sumDy[c] / count), meanDyXHat = T.CreateTruncating(sumDyXHat[c] / count);
                for (int i = start; i < start + spatial; i++)
                {
                    dx[i] = scale * (dy[i] - meanDy - (xHat[i] * meanDyXHat));
                }
            }
        }
    }

    /// <summary>dx in eval mode (fixed running statistics): dx = dy·γ·invStd.</summary>
    public static void InputGradientEval<T>(ReadOnlySpan<T> dy, int batch, int channels, int spatial,
        ReadOnlySpan<T> weight, ReadOnlySpan<double> invStd, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int n = 0; n < batch; n++)
        {
            for (int c = 0; c < channels; c++)
            {
                int start = ((n * channels) + c) * spatial;
                T scale = T.CreateTruncating(double.CreateTruncating(weight[c]) * invStd[c]);
                for (int i = start; i < start + spatial; i++)
                {
                    dx[i] = dy[i] * scale;
                }
            }
        }
    }
}
