namespace TinyTensor.Tests.Support;

/// <summary>
/// Central finite differences in double with PyTorch gradcheck's tolerances: df/dx[i] ≈ (f(x + eps·e_i) −
/// f(x − eps·e_i)) / (2·eps), accepted when |analytic − numeric| ≤ atol + rtol·|numeric|.
/// </summary>
internal static class FiniteDifferences
{
    public const double Eps = 1e-6;
    public const double Atol = 1e-5;
    public const double Rtol = 1e-3;

    /// <summary>The numeric gradient of <paramref name="f"/>, which reads <paramref name="x"/> (perturbed in place, then restored).</summary>
    public static double[] Gradient(Tensor x, Func<double> f)
    {
        var numeric = new double[x.Length];
        Span<double> values = x.AsSpan();
        for (int i = 0; i < values.Length; i++)
        {
            double saved = values[i];
            values[i] = saved + Eps;
            double plus = f();
            values[i] = saved - Eps;
            double minus = f();
            values[i] = saved;
            numeric[i] = (plus - minus) / (2 * Eps);
        }

        return numeric;
    }

    public static void AssertMatches(ReadOnlySpan<double> analytic, Tensor x, Func<double> f, string what) =>
        AssertTensor.AllClose(analytic, Gradient(x, f), Rtol, Atol, what);

    /// <summary>Σ a ⊙ b: L = Σ r ⊙ layer(x) has dL/d(output) = r.</summary>
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
