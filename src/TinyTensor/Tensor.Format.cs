using TinyTensor.Internal;
using TinyTensor.Kernels.Formatting;

namespace TinyTensor;

public sealed partial class Tensor
{
    /// <summary>
    /// The elements as NumPy 1.24's <c>str(array)</c> prints them, character for character, for a float64 or a float32
    /// array of this tensor's element type (a float32 tensor prints float32's shortest digits: 0.1, not 0.10000000149,
    /// and no dtype suffix, as <c>str</c> prints none): 8 digits at most,
    /// positional or scientific notation as NumPy picks, aligned columns, wrapped at 75 characters, nested brackets per
    /// axis, "..." with 3 edge items above 1000 elements, "[]" when empty. (The shape is <see cref="ShapeText"/>.)
    /// </summary>
    public override string ToString() => ToString(TensorFormatOptions.Default);

    /// <summary>As <see cref="ToString()"/>, with at most <paramref name="precision"/> digits (<c>np.set_printoptions(precision=…)</c>).</summary>
    public string ToString(int precision) => ToString(TensorFormatOptions.Default with { Precision = precision });

    /// <summary>As <see cref="ToString()"/>, with the given print options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is negative (or the line width is not positive).</exception>
    public string ToString(TensorFormatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Precision < 0 || options.LineWidth < 1 || options.Threshold < 0 || options.EdgeItems < 0)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(options), options,
                $"ToString: precision {options.Precision}, threshold {options.Threshold} and edge items {options.EdgeItems} must be ≥ 0, line width {options.LineWidth} ≥ 1.");
        }

        return _dtype == DType.Float32
            ? ArrayPrinter.Format(new ReadOnlyMemory<float>((float[])_storage, _offset, _length), _shape, options.Precision, options.LineWidth,
                options.Threshold, options.EdgeItems, options.SuppressSmall)
            : ArrayPrinter.Format(new ReadOnlyMemory<double>((double[])_storage, _offset, _length), _shape, options.Precision, options.LineWidth,
                options.Threshold, options.EdgeItems, options.SuppressSmall);
    }
}
