using System.Globalization;
using System.Numerics;
using System.Text;

namespace TinyTensor.Kernels.Formatting;

/// <summary>
/// NumPy 1.24's <c>FloatingFormat</c> for <c>floatmode='maxprec'</c>, <c>sign='-'</c> (numpy/core/arrayprint.py): one
/// pass over the values decides positional or scientific notation and the paddings, then every value is printed to
/// the same width. Generic over the element type: NumPy runs Dragon4 on the array's own type, so a float32 value gets
/// float32's shortest round-trip digits (0.1f prints 0.1) and its exact binary value where digits are padded.
/// </summary>
/// <remarks>
/// Scientific notation is chosen when the largest non-zero magnitude is ≥ 1e8, or (without suppress-small) the
/// smallest is &lt; 1e-4 or the ratio of the two exceeds 1000. NumPy compares the element-type magnitudes with Python
/// floats, i.e. in float64 (so float32's 0.0001, just below 1e-4, is scientific), but divides the two in the element
/// type. Positional values carry at most <c>precision</c> fraction digits, trailing zeros trimmed but the point kept
/// ("1."), padded right with spaces to the longest fraction. Scientific values carry as many mantissa digits as the
/// longest needs: NumPy prints each with <c>min_digits</c> = that count, so a shorter value shows more of its exact
/// binary value (float32's 0.7 is 6.9999999e-01 beside a value that needs eight digits; for float64 the extra digits are
/// zeros). Non-finite values are right-aligned in the same width.
/// </remarks>
internal sealed class FloatFormat<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _precision;
    private readonly bool _scientific;
    private readonly int _padLeft;
    private readonly int _padRight;
    private readonly int _exponentDigits;

    /// <param name="values">The values that will be printed (for a summarised array, only the edges).</param>
    /// <param name="precision">NumPy's <c>precision</c>.</param>
    /// <param name="suppressSmall">NumPy's <c>suppress</c>.</param>
    public FloatFormat(ReadOnlySpan<T> values, int precision, bool suppressSmall)
    {
        T maxAbs = T.Zero, minAbs = T.PositiveInfinity;
        bool anyFinite = false, anyNonFinite = false, negativeInfinity = false;
        foreach (T v in values)
        {
            if (!T.IsFinite(v))
            {
                anyNonFinite = true;
                negativeInfinity |= T.IsNegativeInfinity(v);
                continue;
            }

            anyFinite = true;
            T a = T.Abs(v);
            if (a != T.Zero)
            {
                maxAbs = T.Max(maxAbs, a);
                minAbs = T.Min(minAbs, a);
            }
        }

        if (maxAbs > T.Zero)
        {
            double max = double.CreateTruncating(maxAbs), min = double.CreateTruncating(minAbs);
            double ratio = double.CreateTruncating(maxAbs / minAbs);
            _scientific = max >= 1e8 || (!suppressSmall && (min < 0.0001 || ratio > 1000.0));
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
            foreach (T v in values)
            {
                if (T.IsFinite(v))
                {
                    DecimalDigits d = DecimalDigits.Scientific(v, precision, 0);
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
            foreach (T v in values)
            {
                if (T.IsFinite(v))
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
    public string Format(T value)
    {
        if (!T.IsFinite(value))
        {
            string text = T.IsNaN(value) ? "nan" : value < T.Zero ? "-inf" : "inf";
            return text.PadLeft(_padLeft + _padRight + 1);
        }

        if (_scientific)
        {
            DecimalDigits d = DecimalDigits.Scientific(value, _precision, _precision);
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
        "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0');

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
