using System.Globalization;
using Onnx;
using TinyTensor.Internal;
using TinyTensor.Layers;

namespace TinyTensor.Interop.Onnx;

/// <summary>
/// Which ONNX operators each layer becomes, read through the layers' public API only (<see cref="Linear.Weight"/>,
/// <see cref="LeakyReLU.NegativeSlope"/>, …), and the shape check that goes with each.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>layer</term><description>ONNX (opset 17)</description></listheader>
/// <item><term><see cref="Linear"/></term><description><c>Gemm(x, W, b)</c> with transB = 0: TinyTensor stores W as
/// (in, out), which is Gemm's B as it is (PyTorch's exporter stores (out, in) and sets transB = 1; both compute
/// x·W + b).</description></item>
/// <item><term><see cref="ReLU"/>, <see cref="Sigmoid"/>, <see cref="Tanh"/></term><description><c>Relu</c>,
/// <c>Sigmoid</c>, <c>Tanh</c>.</description></item>
/// <item><term><see cref="LeakyReLU"/></term><description>float32: <c>LeakyRelu(alpha)</c>. float64:
/// <c>Where(Greater(x, 0), x, Mul(x, slope))</c> with a float64 slope, because <c>LeakyRelu</c>'s alpha is a float32
/// attribute (0.01 would not survive the rounding). The same rule as
/// TinyTensor's: x for x &gt; 0, slope·x otherwise.</description></item>
/// <item><term><see cref="Softmax"/></term><description><c>Softmax(axis = -1)</c>: row-wise, as TinyTensor's.</description></item>
/// <item><term><see cref="Sequential"/></term><description>its modules, in order (nested ones too).</description></item>
/// </list>
/// </remarks>
internal static class OnnxLayerExport
{
    /// <summary>The layer types <see cref="Add"/> knows, for messages.</summary>
    public const string Exportable = "Sequential, Linear, ReLU, LeakyReLU, Sigmoid, Tanh, Softmax";

    /// <summary>
    /// Appends the operators of <paramref name="layer"/> to <paramref name="graph"/>, reading
    /// <paramref name="input"/>, a value of per-sample shape <paramref name="sampleShape"/> (the batch dimension
    /// comes first and is not included).
    /// </summary>
    /// <param name="graph">The graph to append to.</param>
    /// <param name="layer">The layer to export.</param>
    /// <param name="name">The layer's name in the model, its <c>state_dict</c> prefix: "0", "2", "1.0" for nested ones.</param>
    /// <param name="input">The value the layer reads.</param>
    /// <param name="sampleShape">The shape of one sample of <paramref name="input"/>.</param>
    /// <returns>The output value and its per-sample shape.</returns>
    /// <exception cref="ArgumentException">The layer has no ONNX form, or <paramref name="sampleShape"/> does not fit it.</exception>
    public static (string Output, int[] SampleShape) Add(OnnxGraphBuilder graph, Layer layer, string name, string input, int[] sampleShape)
    {
        switch (layer)
        {
            case Sequential sequential:
                string value = input;
                int[] shape = sampleShape;
                for (int i = 0; i < sequential.Modules.Count; i++)
                {
                    string child = name.Length == 0 ? i.ToString(CultureInfo.InvariantCulture) : $"{name}.{i}";
                    (value, shape) = Add(graph, sequential.Modules[i], child, value, shape);
                }

                return (value, shape);
            case Linear linear:
                return (Gemm(graph, linear, name, input, sampleShape), [linear.OutputDims]);
            case ReLU:
                return (Unary(graph, "Relu", name, input), sampleShape);
            case Sigmoid:
                return (Unary(graph, "Sigmoid", name, input), sampleShape);
            case Tanh:
                return (Unary(graph, "Tanh", name, input), sampleShape);
            case LeakyReLU leaky:
                return (LeakyRelu(graph, leaky, name, input), sampleShape);
            case Softmax:
                RequireRows(layer, name, sampleShape, "its softmax runs along the last axis of (N, C)");
                return (Unary(graph, "Softmax", name, input, OnnxGraphBuilder.Int("axis", -1)), sampleShape);
            default:
                ThrowHelper.Argument("model",
                    $"OnnxExporter: module {name} ({layer}, type {layer.GetType().Name}) has no ONNX export; the exportable layers are {Exportable}.");
                return default;
        }
    }

    private static string Gemm(OnnxGraphBuilder graph, Linear linear, string name, string input, int[] sampleShape)
    {
        if (sampleShape.Length != 1 || sampleShape[0] != linear.InputDims)
        {
            ThrowHelper.Argument("inputShape",
                $"OnnxExporter: module {name} ({linear}) takes (N, {linear.InputDims}), but its input would be (N, {string.Join(", ", sampleShape)}).");
        }

        // W is (in, out) and b is (out,): Gemm's B and C as they are, so Y = x·W + b needs no transpose.
        string weight = graph.AddInitializer($"{name}.weight", linear.Weight.AsReadOnlySpan(), linear.Weight.Shape);
        string bias = graph.AddInitializer($"{name}.bias", linear.Bias.AsReadOnlySpan(), linear.Bias.Shape);
        string output = graph.NewValue($"{name}.gemm");
        graph.AddNode("Gemm", $"{name}.Gemm", [input, weight, bias], [output],
            OnnxGraphBuilder.Float("alpha", 1f), OnnxGraphBuilder.Float("beta", 1f),
            OnnxGraphBuilder.Int("transA", 0), OnnxGraphBuilder.Int("transB", 0));
        return output;
    }

    private static string LeakyRelu(OnnxGraphBuilder graph, LeakyReLU leaky, string name, string input)
    {
        if (graph.ElementType == OnnxElementType.Float32)
        {
            return Unary(graph, "LeakyRelu", name, input, OnnxGraphBuilder.Float("alpha", (float)leaky.NegativeSlope));
        }

        string zero = graph.AddInitializer($"{name}.zero", [0.0], []);
        string slope = graph.AddInitializer($"{name}.negative_slope", [leaky.NegativeSlope], []);
        string positive = graph.NewValue($"{name}.positive");
        string scaled = graph.NewValue($"{name}.scaled");
        string output = graph.NewValue($"{name}.leaky_relu");
        graph.AddNode("Greater", $"{name}.Greater", [input, zero], [positive]);
        graph.AddNode("Mul", $"{name}.Mul", [input, slope], [scaled]);
        graph.AddNode("Where", $"{name}.Where", [positive, input, scaled], [output]);
        return output;
    }

    private static string Unary(OnnxGraphBuilder graph, string opType, string name, string input, params AttributeProto[] attributes)
    {
        string output = graph.NewValue($"{name}.{opType.ToLowerInvariant()}");
        graph.AddNode(opType, $"{name}.{opType}", [input], [output], attributes);
        return output;
    }

    private static void RequireRows(Layer layer, string name, int[] sampleShape, string why)
    {
        if (sampleShape.Length != 1)
        {
            ThrowHelper.Argument("inputShape",
                $"OnnxExporter: module {name} ({layer}) takes (N, C) ({why}), but its input would be (N, {string.Join(", ", sampleShape)}).");
        }
    }
}
