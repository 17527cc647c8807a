using System.Numerics.Tensors;

namespace TinyTensor.Kernels;

/// <summary>Copies a run of elements between tensors of either element type, converting on the way (float64 →
/// float32 rounds to nearest, as <see cref="Tensor.To(DType)"/>; float32 → float64 is exact). Allocates nothing:
/// the data loader and the predictor fill their reused batch buffers with it.</summary>
internal static class ConvertingCopy
{
    /// <summary>destination[destinationStart ..][..length] = source[sourceStart ..][..length], in the destination's
    /// type. Both tensors are contiguous; the ranges are checked by the spans.</summary>
    public static void Copy(Tensor source, int sourceStart, Tensor destination, int destinationStart, int length)
    {
        switch (source.DType, destination.DType)
        {
            case (DType.Float32, DType.Float32):
                source.AsReadOnlySpan<float>().Slice(sourceStart, length).CopyTo(destination.AsSpan<float>().Slice(destinationStart, length));
                break;
            case (DType.Float64, DType.Float32):
                TensorPrimitives.ConvertTruncating(source.AsReadOnlySpan<double>().Slice(sourceStart, length), destination.AsSpan<float>().Slice(destinationStart, length));
                break;
            case (DType.Float32, DType.Float64):
                TensorPrimitives.ConvertTruncating(source.AsReadOnlySpan<float>().Slice(sourceStart, length), destination.AsSpan<double>().Slice(destinationStart, length));
                break;
            default:
                source.AsReadOnlySpan<double>().Slice(sourceStart, length).CopyTo(destination.AsSpan<double>().Slice(destinationStart, length));
                break;
        }
    }
}
