using System.Numerics;
using System.Text;

namespace TinyTensor.Kernels.Formatting;

/// <summary>
/// NumPy 1.24's <c>array2string</c> with <c>str()</c>'s settings (separator ' ', no prefix), ported from
/// <c>_formatArray</c>, <c>_extendLine</c> and <c>_leading_trailing</c> in numpy/core/arrayprint.py: nested brackets per
/// axis, a line break per axis between sub-arrays, elements wrapped at the line width under a hanging indent, and above
/// the threshold only the edge items of each long axis with "..." between them. Generic over the element type: the
/// layout is the same for float64 and float32, only the digits differ (see <see cref="FloatFormat{T}"/>).
/// </summary>
internal static class ArrayPrinter
{
    private const string SummaryInsert = "...";

    /// <summary>The text of an array; <paramref name="values"/> is read in place (a summarised print of a huge array
    /// touches only its edges).</summary>
    public static string Format<T>(ReadOnlyMemory<T> values, ReadOnlySpan<int> shape, int precision, int lineWidth,
        int threshold, int edgeItems, bool suppressSmall)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (values.IsEmpty)
        {
            return "[]";
        }

        bool summarise = values.Length > threshold;
        int[] strides = Tensor.RowMajorStrides(shape);
        ReadOnlySpan<T> shown = summarise ? EdgeValues(values.Span, shape, strides, edgeItems) : values.Span;
        var printer = new Printer<T>(values, shape.ToArray(), strides, summarise, edgeItems, new FloatFormat<T>(shown, precision, suppressSmall));
        return printer.Recurse(0, 0, " ", lineWidth);
    }

    /// <summary>The values a summarised print shows (NumPy's <c>_leading_trailing</c>); their order is irrelevant.</summary>
    private static T[] EdgeValues<T>(ReadOnlySpan<T> values, ReadOnlySpan<int> shape, int[] strides, int edgeItems)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var list = new List<T>();
        Collect(values, shape, strides, edgeItems, 0, 0, list);
        return [.. list];
    }

    private static void Collect<T>(ReadOnlySpan<T> values, ReadOnlySpan<int> shape, int[] strides, int edgeItems, int axis, int offset, List<T> into)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (axis == shape.Length)
        {
            into.Add(values[offset]);
            return;
        }

        int length = shape[axis];
        for (int i = 0; i < length; i++)
        {
            if (length > 2 * edgeItems && i == edgeItems)
            {
                i = length - edgeItems;
            }

            Collect(values, shape, strides, edgeItems, axis + 1, offset + (i * strides[axis]), into);
        }
    }

    /// <summary>NumPy's <c>_formatArray</c> recursion over one array with its element format.</summary>
    private sealed class Printer<T>(ReadOnlyMemory<T> values, int[] shape, int[] strides, bool summarise, int edgeItems, FloatFormat<T> format)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public string Recurse(int axis, int offset, string hangingIndent, int currentWidth)
        {
            if (axis == shape.Length)
            {
                return format.Format(values.Span[offset]);
            }

            string nextHangingIndent = hangingIndent + " ";
            int nextWidth = currentWidth - 1; // len(']')
            int length = shape[axis];
            int stride = strides[axis];
            bool showSummary = summarise && 2 * edgeItems < length;
            int leading = showSummary ? edgeItems : 0;
            int trailing = showSummary ? edgeItems : length;
            int axesLeft = shape.Length - axis;
            var s = new StringBuilder();

            if (axesLeft == 1)
            {
                // max(len(separator.rstrip()), len(']')) = 1
                int elementWidth = currentWidth - 1;
                var line = new StringBuilder(hangingIndent);
                for (int i = 0; i < leading; i++)
                {
                    ExtendLine(s, line, Recurse(axis + 1, offset + (i * stride), nextHangingIndent, nextWidth), elementWidth, hangingIndent);
                    line.Append(' ');
                }

                if (showSummary)
                {
                    ExtendLine(s, line, SummaryInsert, elementWidth, hangingIndent);
                    line.Append(' ');
                }

                for (int i = trailing; i > 1; i--)
                {
                    ExtendLine(s, line, Recurse(axis + 1, offset + ((length - i) * stride), nextHangingIndent, nextWidth), elementWidth, hangingIndent);
                    line.Append(' ');
                }

                ExtendLine(s, line, Recurse(axis + 1, offset + ((length - 1) * stride), nextHangingIndent, nextWidth), elementWidth, hangingIndent);
                s.Append(line);
            }
            else
            {
                string lineSeparator = new('\n', axesLeft - 1);
                for (int i = 0; i < leading; i++)
                {
                    s.Append(hangingIndent).Append(Recurse(axis + 1, offset + (i * stride), nextHangingIndent, nextWidth)).Append(lineSeparator);
                }

                if (showSummary)
                {
                    s.Append(hangingIndent).Append(SummaryInsert).Append(lineSeparator);
                }

                for (int i = trailing; i > 1; i--)
                {
                    s.Append(hangingIndent).Append(Recurse(axis + 1, offset + ((length - i) * stride), nextHangingIndent, nextWidth)).Append(lineSeparator);
                }

                s.Append(hangingIndent).Append(Recurse(axis + 1, offset + ((length - 1) * stride), nextHangingIndent, nextWidth));
            }

            // Remove the hanging indent and wrap in brackets.
            return "[" + s.ToString(hangingIndent.Length, s.Length - hangingIndent.Length) + "]";
        }

        /// <summary>NumPy's <c>_extendLine</c>: wrap before <paramref name="word"/> if it would pass the width, unless
        /// the line holds only the indent (wrapping would not help).</summary>
        private static void ExtendLine(StringBuilder s, StringBuilder line, string word, int lineWidth, string nextLinePrefix)
        {
            bool needsWrap = line.Length + word.Length > lineWidth && line.Length > nextLinePrefix.Length;
            if (needsWrap)
            {
                s.Append(line.ToString().TrimEnd()).Append('\n');
                line.Clear().Append(nextLinePrefix);
            }

            line.Append(word);
        }
    }
}
