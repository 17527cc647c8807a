using System.Text;

namespace TinyTensor.Kernels.Formatting;

/// <summary>
/// NumPy 1.24's <c>FloatingFormat</c> for <c>floatmode='maxprec'</c>, <c>sign='-'</c> (numpy/core/arrayprint.py): one
/// pass over the values decides positional or scientific notation and the paddings, then every value is printed to
/// the same width.
/// </summary>
/// <remarks>
/// Scientific notation is chosen when the largest non-zero magnitude is ≥ 1e8, or (without suppress-small) the
/// smallest is &lt; 1e-4 or the ratio of the two exceeds 1000. Positional values carry at most <c>precision</c>
/// fraction digits, trailing zeros trimmed but the point kept ("1."), padded right with spaces to the longest
/// fraction; scientific values carry as many mantissa digits as the longest needs, padded with zeros. Non-finite
/// values are right-aligned in the same width.
/// </remarks>
internal sealed class FloatFormat
{
    private readonly int _precision;
    private readonly bool _scientific;
    private readonly int _padLeft;
    private readonly int _padRight;
    private readonly int _exponentDigits;

    /// <param name="values">The values that will be printed (for a summarised array, only the edges).</param>
    /// <param name="precision">NumPy's <c>precision</c>.</param>
    /// <param name="suppressSmall">NumPy's <c>suppress</c>.</param>
    public FloatFormat(ReadOnlySpan<double> values, int precision, bool suppressSmall)
    {
        double maxAbs = 0, minAbs = double.PositiveInfinity;
        bool anyFinite = false, anyNonFinite = false, negativeInfinity = false;
        foreach (double v in values)
        {
            if (!double.IsFinite(v))
            {
                anyNonFinite = true;
                negativeInfinity |= double.IsNegativeInfinity(v);
                continue;
            }

            anyFinite = true;
            double a = Math.Abs(v);
            if (a != 0)
            {
                maxAbs = Math.Max(maxAbs, a);
                minAbs = Math.Min(minAbs, a);
            }
        }

        if (maxAbs > 0)
        {
            _scientific = maxAbs >= 1e8 || (!suppressSmall && (minAbs < 0.0001 || maxAbs / minAbs > 1000.0));
        }

        _precision = precision;
        if (!anyFinite)
        {
            _padLeft = 0;
            _padRight = 0;
        }
        else if (_scientific)
        {
            int fraction = 0, intPart = 0, exponent = 0;
            foreach (double v in values)
            {
                if (double.IsFinite(v))
                {
                    DecimalDigits d = DecimalDigits.Scientific(v, precision);
                    fraction = Math.Max(fraction, d.Digits.Length - 1);
                    intPart = Math.Max(intPart, d.Negative ? 2 : 1);
                    exponent = Math.Max(exponent, ExponentText(d.Exponent, 2).Length - 2); // digits only, without "e" and the sign
                }
            }

            _precision = fraction;
            _padLeft = intPart;
            _exponentDigits = exponent;
            _padRight = exponent + 2 + fraction;
        }
        else
        {
            int intPart = 0, fraction = 0;
            foreach (double v in values)
            {
                if (double.IsFinite(v))
                {
                    (string i, string f) = PositionalParts(DecimalDigits.Positional(v, precision));
                    intPart = Math.Max(intPart, i.Length);
                    fraction = Math.Max(fraction, f.Length);
                }
            }

            _padLeft = intPart;
            _padRight = fraction;
        }

        if (anyNonFinite)
        {
            int offset = _padRight + 1;
            _padLeft = Math.Max(_padLeft, Math.Max(3 - offset, 3 + (negativeInfinity ? 1 : 0) - offset));
        }
    }

    /// <summary>One value, padded to the common width.</summary>
    public string Format(double value)
    {
        if (!double.IsFinite(value))
        {
            string text = double.IsNaN(value) ? "nan" : value < 0 ? "-inf" : "inf";
            return text.PadLeft(_padLeft + _padRight + 1);
        }

        if (_scientific)
        {
            DecimalDigits d = DecimalDigits.Scientific(value, _precision);
            var sb = new StringBuilder();
            string intPart = (d.Negative ? "-" : "") + d.Digits[0];
            sb.Append(intPart.PadLeft(_padLeft)).Append('.');
            sb.Append(d.Digits.AsSpan(1)).Append('0', _precision - (d.Digits.Length - 1));
            sb.Append(ExponentText(d.Exponent, _exponentDigits));
            return sb.ToString();
        }

        (string i, string f) = PositionalParts(DecimalDigits.Positional(value, _precision));
        return i.PadLeft(_padLeft) + "." + f.PadRight(_padRight);
    }

    /// <summary>"e+05", "e-123": the sign and at least <paramref name="digits"/> exponent digits.</summary>
    private static string ExponentText(int exponent, int digits) =>
        "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(digits, '0');

    /// <summary>The signed integer part and the fraction digits of a positional rendering.</summary>
    private static (string Int, string Fraction) PositionalParts(DecimalDigits d)
    {
        string sign = d.Negative ? "-" : "";
        string digits = d.Digits;
        if (d.Exponent < 0)
        {
            return (sign + "0", new string('0', -d.Exponent - 1) + digits);
        }

        int intLength = d.Exponent + 1;
        return digits.Length <= intLength
            ? (sign + digits + new string('0', intLength - digits.Length), "")
            : (sign + digits[..intLength], digits[intLength..]);
    }
}
