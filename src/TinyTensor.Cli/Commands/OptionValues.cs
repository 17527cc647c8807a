using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace TinyTensor.Cli.Commands;

/// <summary>
/// Numeric options parsed the same way everywhere: invariant culture, no group separators (<c>0,001</c> is an error,
/// not 1), finite values only, and a range checked at parse time, with a message that names the option, the value
/// and the valid range (instead of System.CommandLine's "Cannot parse argument … as expected type
/// 'System.Nullable`1[System.Double]'").
/// </summary>
internal static class OptionValues
{
    /// <summary>An integer option in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static Option<int> Int(string name, string? alias, int defaultValue, int min, int max, string description)
    {
        Option<int> option = alias is null ? new(name) : new(name, alias);
        option.Description = description;
        option.DefaultValueFactory = _ => defaultValue;
        option.CustomParser = result => ParseInteger(result, name, min, max, NumberStyles.AllowLeadingSign) is { } value ? (int)value : defaultValue;
        return option;
    }

    /// <summary>An unsigned 32-bit option (digits only).</summary>
    public static Option<uint> UInt(string name, uint defaultValue, string description) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => ParseInteger(result, name, 0, uint.MaxValue, NumberStyles.None) is { } value ? (uint)value : defaultValue,
    };

    /// <summary>A finite floating-point option in [<paramref name="min"/>, <paramref name="max"/>] (the bounds open
    /// when <paramref name="minExclusive"/> / <paramref name="maxExclusive"/>); null when not given.</summary>
    public static Option<double?> Double(string name, double min, bool minExclusive, double max, bool maxExclusive, string description) => new(name)
    {
        Description = description,
        CustomParser = result => ParseDouble(result, name, min, minExclusive, max, maxExclusive),
    };

    /// <summary>The valid range of a double option, e.g. "(0, 1e6]".</summary>
    public static string Range(double min, bool minExclusive, double max, bool maxExclusive) =>
        string.Create(CultureInfo.InvariantCulture, $"{(minExclusive ? "(" : "[")}{min:R}, {(double.IsPositiveInfinity(max) ? "∞" : max.ToString("R", CultureInfo.InvariantCulture))}{(maxExclusive ? ")" : "]")}");

    private static long? ParseInteger(ArgumentResult result, string name, long min, long max, NumberStyles styles)
    {
        string text = Token(result);
        string range = string.Create(CultureInfo.InvariantCulture, $"[{min}, {max}]");
        if (!long.TryParse(text, styles, CultureInfo.InvariantCulture, out long value))
        {
            result.AddError($"{name}: '{Shown(text)}' is not a whole number in {range} (digits only: no group separators, decimals or exponents).");
            return null;
        }

        if (value < min || value > max)
        {
            result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name}: {value} is outside {range}."));
            return null;
        }

        return value;
    }

    private static double? ParseDouble(ArgumentResult result, string name, double min, bool minExclusive, double max, bool maxExclusive)
    {
        string text = Token(result);
        string range = Range(min, minExclusive, max, maxExclusive);

        // AllowThousands is left out on purpose: "0,001" must not become 1.
        const NumberStyles styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
        if (!double.TryParse(text, styles, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            result.AddError($"{name}: '{Shown(text)}' is not a finite number in {range} (invariant culture: a '.' decimal point, no group separators).");
            return null;
        }

        bool above = minExclusive ? value > min : value >= min;
        bool below = maxExclusive ? value < max : value <= max;
        if (!above || !below)
        {
            result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name}: {value:R} is outside {range}."));
            return null;
        }

        return value;
    }

    private static string Token(ArgumentResult result) => result.Tokens.Count == 0 ? "" : result.Tokens[^1].Value;

    /// <summary>The value as typed, cut to 40 characters and with control characters shown as '?', for one clean line.</summary>
    internal static string Shown(string text)
    {
        string cut = text.Length <= 40 ? text : text[..40] + "…";
        return string.Concat(cut.Select(c => char.IsControl(c) ? '?' : c));
    }
}
