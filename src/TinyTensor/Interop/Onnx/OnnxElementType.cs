namespace TinyTensor.Interop.Onnx;

/// <summary>The element type of an exported ONNX model's input, output and parameters.</summary>
public enum OnnxElementType
{
    /// <summary>ONNX <c>FLOAT</c> (float32): what every runtime and device runs. TinyTensor's float64 parameters are
    /// rounded to the nearest float32.</summary>
    Float32,

    /// <summary>ONNX <c>DOUBLE</c> (float64): TinyTensor's own precision, the parameters bit for bit.</summary>
    Float64,
}
