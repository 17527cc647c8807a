namespace TinyTensor.Serialization;

/// <summary>One tensor of a safetensors header: its name, shape and byte range in the data section.</summary>
/// <param name="Name">The key in the header, e.g. "0.weight".</param>
/// <param name="Dtype">"F64", "F32", or "I64" for a BatchNorm counter (the header parser refuses the others).</param>
/// <param name="Shape">The dimensions, outermost first.</param>
/// <param name="Begin">The first byte, relative to the start of the data section.</param>
/// <param name="End">One past the last byte.</param>
internal sealed record TensorEntry(string Name, string Dtype, long[] Shape, long Begin, long End)
{
    /// <summary>The shape as it appears in the header, e.g. [4, 10].</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}
