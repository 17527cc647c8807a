using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace TinyTensor.Internal;

/// <summary>
/// Throws from one place so the callers stay small enough to inline and every message has the same form:
/// the operation, then the shapes or values involved.
/// </summary>
[StackTraceHidden]
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void Argument(string paramName, string message) => throw new ArgumentException(message, paramName);

    [DoesNotReturn]
    public static void ArgumentOutOfRange(string paramName, object? actualValue, string message) =>
        throw new ArgumentOutOfRangeException(paramName, actualValue, message);

    [DoesNotReturn]
    public static void InvalidOperation(string message) => throw new InvalidOperationException(message);

    /// <summary>Formats a shape the way NumPy prints it: (3, 4), (10,).</summary>
    public static string FormatShape(ReadOnlySpan<int> shape) =>
        shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape.ToArray()) + ")";
}
