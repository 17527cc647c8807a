namespace TinyTensor.Tests.Support;

/// <summary>
/// Central finite differences in double, as PyTorch's gradcheck: for a scalar function f of a tensor x,
/// df/dx[i] ≈ (f(x + eps·e_i) − f(x − eps·e_i)) / (2·eps), compared with the analytic gradient under
/// |analytic − numeric| ≤ atol + rtol·|numeric| (defaults: eps 1e-6, atol 1e-5, rtol 1e-3).
/// </summary>
internal static class GradientCheck
{
    public static void AssertMatches(Tensor x, Func<double> f, ReadOnlySpan<double> analytic, string what,
        double eps = 1e-6, double atol = 1e-5, double rtol = 1e-3)
    {
        var numeric = new double[x.Length];
        Span<double> values = x.AsSpan();
        for (int i = 0; i < values.Length; i++)
        {
            double saved = values[i];
            values[i] = saved + eps;
            double plus = f();
            values[i] = saved - eps;
            double minus = f();
            values[i] = saved;
            numeric[i] = (plus - minus) / (2 * eps);
        }

        AssertTensor.AllClose(analytic, numeric, rtol, atol, what);
    }

    /// <summary>A fixed random projection r so that L = Σ r ⊙ layer(x) has dL/d(output) = r.</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}
