namespace TinyTensor.Interop.Onnx;

/// <summary>The element type of an exported ONNX model's input, output and parameters.</summary>
public enum OnnxElementType
{
    /// <summary>ONNX <c>FLOAT</c> (float32): what every runtime and device runs. A float32 model's parameters are
    /// written bit for bit; a float64 model's are rounded to the nearest float32.</summary>
    Float32,

    /// <summary>ONNX <c>DOUBLE</c> (float64): a float64 model's parameters bit for bit (a float32 model's widened
    /// exactly).</summary>
    Float64,
}
