using System.Globalization;
using System.Numerics;

namespace TinyTensor.Kernels.Formatting;

/// <summary>
/// The decimal digits of a finite float64 or float32 as NumPy's Dragon4 produces them in its "unique" mode with a
/// cutoff: the shortest digits that round-trip in the value's own type, unless they need more than the cutoff allows (or
/// fewer than <c>min_digits</c> asks for), in which case the exact binary value rounded at the cutoff (half to even, as
/// Dragon4 compares the remainder with one half). The shortest digits come from .NET's round-trip formatting of the
/// same type (also shortest and closest); the cutoff rounding is done exactly with big integers on the value widened to
/// double (exact: every float32 is a double).
/// </summary>
/// <remarks>Digits never have trailing zeros; the value is ±0.d₀d₁… × 10^(<c>Exponent</c> + 1), i.e. d₀ is the
/// 10^<c>Exponent</c> digit. Zero has the digits "0" and exponent 0.</remarks>
internal readonly record struct DecimalDigits(string Digits, int Exponent, bool Negative)
{
    /// <summary>Digits with at most <paramref name="fractionDigits"/> digits after the decimal point.</summary>
    public static DecimalDigits Positional<T>(T value, int fractionDigits)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        DecimalDigits shortest = Shortest(value);
        int fraction = shortest.Digits.Length - 1 - shortest.Exponent;
        if (fraction <= fractionDigits || shortest.Digits == "0")
        {
            return shortest;
        }

        // value · 10^p, rounded to an integer; its digits then sit p places left of the point.
        double x = double.CreateTruncating(value);
        BigInteger n = RoundedScaled(Math.Abs(x), fractionDigits);
        return FromScaledInteger(n, fractionDigits, x < 0 || (x == 0 && double.IsNegative(x)));
    }

    /// <summary>Digits with at most <paramref name="precision"/> digits after the first (scientific notation), and at
    /// least <paramref name="minDigits"/> of the exact value's (Dragon4's <c>min_digits</c>; trailing zeros are still
    /// dropped from the result).</summary>
    public static DecimalDigits Scientific<T>(T value, int precision, int minDigits)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        DecimalDigits shortest = Shortest(value);
        int after = shortest.Digits.Length - 1;
        if ((after <= precision && after >= minDigits) || shortest.Digits == "0")
        {
            return shortest;
        }

        if (after < minDigits)
        {
            precision = minDigits;
        }

        double x = double.CreateTruncating(value);
        double magnitude = Math.Abs(x);
        int exponent = (int)Math.Floor(Math.Log10(magnitude));
        BigInteger lower = BigInteger.Pow(10, precision);
        BigInteger upper = lower * 10;
        for (int attempt = 0; ; attempt++)
        {
            BigInteger n = RoundedScaled(magnitude, precision - exponent);
            if (n >= upper && attempt < 4)
            {
                exponent++;
            }
            else if (n < lower && attempt < 4)
            {
                exponent--;
            }
            else
            {
                return FromScaledInteger(n, precision - exponent, x < 0);
            }
        }
    }

    /// <summary>The shortest digits that round-trip <paramref name="value"/> in its own type.</summary>
    public static DecimalDigits Shortest<T>(T value)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool negative = T.IsNegative(value);
        string r = T.Abs(value).ToString("R", CultureInfo.InvariantCulture);

        // "R" gives e.g. "123.45", "1E-05", "1.5E+20": split mantissa and exponent, then drop the point.
        int e = r.IndexOfAny(['E', 'e']);
        string mantissa = e >= 0 ? r[..e] : r;
        int exponent10 = e >= 0 ? int.Parse(r[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
        int point = mantissa.IndexOf('.', StringComparison.Ordinal);
        string intPart = point >= 0 ? mantissa[..point] : mantissa;
        string digits = point >= 0 ? intPart + mantissa[(point + 1)..] : mantissa;
        int exponent = exponent10 + intPart.Length - 1;
        int leading = 0;
        while (leading < digits.Length - 1 && digits[leading] == '0')
        {
            leading++;
        }

        digits = digits[leading..];
        exponent -= leading;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0)
        {
            return new DecimalDigits("0", 0, negative);
        }

        return new DecimalDigits(digits, exponent, negative);
    }

    /// <summary>round(x · 10^scale) exactly, ties to even; x is finite and non-negative.</summary>
    private static BigInteger RoundedScaled(double x, int scale)
    {
        long bits = BitConverter.DoubleToInt64Bits(x);
        int biased = (int)((bits >> 52) & 0x7FF);
        long fraction = bits & 0xFFFFFFFFFFFFFL;
        long mantissa = biased == 0 ? fraction : fraction | (1L << 52);
        int binaryExponent = (biased == 0 ? 1 : biased) - 1075;

        // x · 10^scale = numerator / denominator exactly.
        BigInteger numerator = mantissa;
        BigInteger denominator = BigInteger.One;
        if (binaryExponent >= 0)
        {
            numerator <<= binaryExponent;
        }
        else
        {
            denominator <<= -binaryExponent;
        }

        if (scale >= 0)
        {
            numerator *= BigInteger.Pow(10, scale);
        }
        else
        {
            denominator *= BigInteger.Pow(10, -scale);
        }

        BigInteger quotient = BigInteger.DivRem(numerator, denominator, out BigInteger remainder);
        int half = (remainder * 2).CompareTo(denominator);
        if (half > 0 || (half == 0 && !quotient.IsEven))
        {
            quotient += 1;
        }

        return quotient;
    }

    /// <summary>The digits of n · 10^−scale, trailing zeros dropped.</summary>
    private static DecimalDigits FromScaledInteger(BigInteger n, int scale, bool negative)
    {
        if (n.IsZero)
        {
            return new DecimalDigits("0", 0, negative);
        }

        string text = n.ToString(CultureInfo.InvariantCulture);
        int exponent = text.Length - 1 - scale;
        return new DecimalDigits(text.TrimEnd('0'), exponent, negative);
    }
}
