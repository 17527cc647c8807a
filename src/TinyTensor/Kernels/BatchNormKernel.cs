namespace TinyTensor.Kernels;

/// <summary>
/// Batch normalisation over x viewed as (N, C, S), one statistic per channel c over its N·S values (S = H·W for
/// images, 1 for features). Spans and sizes only, no checks; sums run in the fixed order n, then s.
/// </summary>
internal static class BatchNormKernel
{
    /// <summary>The batch mean of every channel and the sum of squared deviations from it (two passes, mean first),
    /// from which the caller forms the biased (÷ N·S) and unbiased (÷ (N·S − 1)) variances as PyTorch does.</summary>
    public static void Statistics(ReadOnlySpan<double> x, int batch, int channels, int spatial, Span<double> mean, Span<double> squaredDeviations)
    {
        double count = (double)batch * spatial;
        for (int c = 0; c < channels; c++)
        {
            double sum = 0;
            for (int n = 0; n < batch; n++)
            {
                foreach (double v in x.Slice(((n * channels) + c) * spatial, spatial))
                {
                    sum += v;
                }
            }

            double m = sum / count;
            double squares = 0;
            for (int n = 0; n < batch; n++)
            {
                foreach (double v in x.Slice(((n * channels) + c) * spatial, spatial))
                {
                    double d = v - m;
                    squares += d * d;
                }
            }

            mean[c] = m;
            squaredDeviations[c] = squares;
        }
    }

    /// <summary>x̂ = (x − mean[c])·invStd[c] and y = x̂·weight[c] + bias[c].</summary>
    public static void Normalize(ReadOnlySpan<double> x, int batch, int channels, int spatial, ReadOnlySpan<double> mean,
        ReadOnlySpan<double> invStd, ReadOnlySpan<double> weight, ReadOnlySpan<double> bias, Span<double> xHat, Span<double> y)
    {
        for (int n = 0; n < batch; n++)
        {
            for (int c = 0; c < channels; c++)
            {
                int start = ((n * channels) + c) * spatial;
                double m = mean[c], s = invStd[c], w = weight[c], b = bias[c];
                for (int i = start; i < start + spatial; i++)
                {
                    double h = (x[i] - m) * s;
                    xHat[i] = h;
                    y[i] = (h * w) + b;
                }
            }
        }
    }

    /// <summary>Per channel: Σ dy (dβ) and Σ dy·x̂ (dγ).</summary>
    public static void GradientSums(ReadOnlySpan<double> dy, ReadOnlySpan<double> xHat, int batch, int channels, int spatial,
        Span<double> sumDy, Span<double> sumDyXHat)
    {
        for (int c = 0; c < channels; c++)
        {
            double a = 0, b = 0;
            for (int n = 0; n < batch; n++)
            {
                int start = ((n * channels) + c) * spatial;
                for (int i = start; i < start + spatial; i++)
                {
                    a += dy[i];
                    b += dy[i] * xHat[i];
                }
            }

            sumDy[c] = a;
            sumDyXHat[c] = b;
        }
    }

    /// <summary>dx in train mode (the batch statistics depend on x): with M = N·S,
    /// dx = γ·invStd·(dy − Σdy/M − x̂·Σ(dy·x̂)/M).</summary>
    public static void InputGradientTrain(ReadOnlySpan<double> dy, ReadOnlySpan<double> xHat, int batch, int channels, int spatial,
        ReadOnlySpan<double> weight, ReadOnlySpan<double> invStd, ReadOnlySpan<double> sumDy, ReadOnlySpan<double> sumDyXHat, Span<double> dx)
    {
        double count = (double)batch * spatial;
        for (int n = 0; n < batch; n++)
        {
            for (int c = 0; c < channels; c++)
            {
                int start = ((n * channels) + c) * spatial;
                double scale = weight[c] * invStd[c], meanDy = sumDy[c] / count, meanDyXHat = sumDyXHat[c] / count;
                for (int i = start; i < start + spatial; i++)
                {
                    dx[i] = scale * (dy[i] - meanDy - (xHat[i] * meanDyXHat));
                }
            }
        }
    }

    /// <summary>dx in eval mode (fixed running statistics): dx = dy·γ·invStd.</summary>
    public static void InputGradientEval(ReadOnlySpan<double> dy, int batch, int channels, int spatial,
        ReadOnlySpan<double> weight, ReadOnlySpan<double> invStd, Span<double> dx)
    {
        for (int n = 0; n < batch; n++)
        {
            for (int c = 0; c < channels; c++)
            {
                int start = ((n * channels) + c) * spatial;
                double scale = weight[c] * invStd[c];
                for (int i = start; i < start + spatial; i++)
                {
                    dx[i] = dy[i] * scale;
                }
            }
        }
    }
}
