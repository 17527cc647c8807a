namespace TinyTensor;

/// <summary>
/// How <see cref="Tensor.ToString(TensorFormatOptions)"/> prints, with NumPy's print options as defaults
/// (<c>np.get_printoptions()</c> of NumPy 1.24, <c>floatmode='maxprec'</c>, <c>sign='-'</c>).
/// </summary>
public sealed record TensorFormatOptions
{
    /// <summary>NumPy's defaults: precision 8, line width 75, threshold 1000, 3 edge items, no suppression.</summary>
    public static TensorFormatOptions Default { get; } = new();

    /// <summary>At most this many digits after the decimal point (positional) or after the first digit (scientific).</summary>
    public int Precision { get; init; } = 8;

    /// <summary>Lines are wrapped to at most this many characters.</summary>
    public int LineWidth { get; init; } = 75;

    /// <summary>Arrays with more elements than this are summarised with "...".</summary>
    public int Threshold { get; init; } = 1000;

    /// <summary>How many items a summarised axis shows at each end.</summary>
    public int EdgeItems { get; init; } = 3;

    /// <summary>NumPy's <c>suppress</c>: never switch to scientific notation for small values (very small values print as 0).</summary>
    public bool SuppressSmall { get; init; }
}
