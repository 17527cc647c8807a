using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using TinyTensor.Interop.Onnx;

namespace TinyTensor.Interop.Tests.Support;

/// <summary>Runs an exported ONNX file in ONNX Runtime (CPU) on a TinyTensor batch, in the model's element type.</summary>
internal static class OnnxRun
{
    /// <summary>The model's output for <paramref name="input"/> (N, …), as doubles, with its shape.</summary>
    public static (double[] Values, int[] Shape) Of(string path, Tensor input, OnnxElementType elementType)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
        using var session = new InferenceSession(path, options);
        NamedOnnxValue value = elementType == OnnxElementType.Float64
            ? NamedOnnxValue.CreateFromTensor(OnnxExporter.InputName, new DenseTensor<double>(input.ToArray(), input.Shape))
            : NamedOnnxValue.CreateFromTensor(OnnxExporter.InputName,
                new DenseTensor<float>(Array.ConvertAll(input.ToArray(), v => (float)v), input.Shape));
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results = session.Run([value]);
        DisposableNamedOnnxValue output = results.Single(r => r.Name == OnnxExporter.OutputName);
        if (elementType == OnnxElementType.Float64)
        {
            Tensor<double> doubles = output.AsTensor<double>();
            return (doubles.ToArray(), doubles.Dimensions.ToArray());
        }

        Tensor<float> floats = output.AsTensor<float>();
        return (Array.ConvertAll(floats.ToArray(), v => (double)v), floats.Dimensions.ToArray());
    }
}
