using System.Globalization;
using Onnx;
using TinyTensor.Internal;
using TinyTensor.Layers;

namespace TinyTensor.Interop.Onnx;

/// <summary>
/// Which ONNX operators each layer becomes, read through the layers' public API only (<see cref="Linear.Weight"/>,
/// <see cref="LeakyReLU.NegativeSlope"/>, <see cref="Conv2d.Padding"/>, …), and the shape check that goes with each.
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
/// <item><term><see cref="Conv2d"/></term><description><c>Conv(x, W, b)</c>, W (out, in, k, k) as stored,
/// kernel_shape [k, k], strides [s, s], pads [p, p, p, p] (zeros), no dilation, one group. float32 only: ONNX Runtime
/// has no float64 Conv kernel.</description></item>
/// <item><term><see cref="MaxPool2d"/>, <see cref="AvgPool2d"/></term><description><c>MaxPool</c>,
/// <c>AveragePool</c> with kernel_shape [k, k], strides [s, s], pads 0, ceil_mode 0 (TinyTensor's floor mode without
/// padding: every window is whole, so the average divides by k² as TinyTensor's). AveragePool is float32 only: ONNX
/// Runtime has no float64 kernel for it.</description></item>
/// <item><term><see cref="Flatten"/></term><description><c>Flatten(axis = 1)</c>.</description></item>
/// <item><term><see cref="Dropout"/></term><description>no node: the identity of inference.</description></item>
/// <item><term><see cref="BatchNorm1d"/>, <see cref="BatchNorm2d"/></term><description>
/// <c>BatchNormalization(x, γ, β, running_mean, running_var)</c>, training_mode = 0, whatever the layer's Training flag;
/// (N, C), (N, C, L) and (N, C, H, W) all have C on axis 1, as ONNX wants, so no reshape. float32: epsilon = ε rounded
/// to float32 (the attribute's type). float64: epsilon = 0 and the exact ε added to running_var by an <c>Add</c>.</description></item>
/// <item><term><see cref="Sequential"/></term><description>its modules, in order (nested ones too).</description></item>
/// </list>
/// </remarks>
internal static class OnnxLayerExport
{
    /// <summary>The layer types <see cref="Add"/> knows, for messages.</summary>
    public const string Exportable =
        "Sequential, Linear, ReLU, LeakyReLU, Sigmoid, Tanh, Softmax, Conv2d, MaxPool2d, AvgPool2d, Flatten, Dropout, BatchNorm1d, BatchNorm2d";

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
            case Conv2d conv:
                return Conv(graph, conv, name, input, sampleShape);
            case Pool2d pool:
                return Pool(graph, pool, name, input, sampleShape);
            case Flatten:
                // Flatten(axis = 1): (N, d1, d2, …) → (N, d1·d2·…), as TinyTensor's.
                return (Unary(graph, "Flatten", name, input, OnnxGraphBuilder.Int("axis", 1)), [sampleShape.Aggregate(1, (a, d) => a * d)]);
            case Dropout:
                // Inference: dropout is the identity, so it adds no node (its input is its output).
                return (input, sampleShape);
            case BatchNorm norm:
                return (BatchNormalization(graph, norm, name, input, sampleShape), sampleShape);
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
        string weight = graph.AddInitializer($"{name}.weight", linear.Weight);
        string bias = graph.AddInitializer($"{name}.bias", linear.Bias);
        string output = graph.NewValue($"{name}.gemm");
        graph.AddNode("Gemm", $"{name}.Gemm", [input, weight, bias], [output],
            OnnxGraphBuilder.Float("alpha", 1f), OnnxGraphBuilder.Float("beta", 1f),
            OnnxGraphBuilder.Int("transA", 0), OnnxGraphBuilder.Int("transB", 0));
        return output;
    }

    private static (string, int[]) Conv(OnnxGraphBuilder graph, Conv2d conv, string name, string input, int[] sampleShape)
    {
        RequireImages(conv, name, sampleShape, conv.InChannels);
        RequireFloat32(graph, conv, name, "Conv");
        int outHeight = OutputSize(conv, name, sampleShape, 1, conv.KernelSize, conv.Stride, conv.Padding);
        int outWidth = OutputSize(conv, name, sampleShape, 2, conv.KernelSize, conv.Stride, conv.Padding);

        // W (out, in, k, k) is ONNX's layout as it is; zero padding on both sides of H and W, no dilation, one group.
        string weight = graph.AddInitializer($"{name}.weight", conv.Weight);
        string bias = graph.AddInitializer($"{name}.bias", conv.Bias);
        string output = graph.NewValue($"{name}.conv");
        int k = conv.KernelSize, s = conv.Stride, p = conv.Padding;
        graph.AddNode("Conv", $"{name}.Conv", [input, weight, bias], [output],
            OnnxGraphBuilder.Ints("kernel_shape", k, k), OnnxGraphBuilder.Ints("strides", s, s),
            OnnxGraphBuilder.Ints("pads", p, p, p, p), OnnxGraphBuilder.Ints("dilations", 1, 1), OnnxGraphBuilder.Int("group", 1));
        return (output, [conv.OutChannels, outHeight, outWidth]);
    }

    private static (string, int[]) Pool(OnnxGraphBuilder graph, Pool2d pool, string name, string input, int[] sampleShape)
    {
        RequireImages(pool, name, sampleShape, channels: null);
        int k = pool.KernelSize, s = pool.Stride;
        int outHeight = OutputSize(pool, name, sampleShape, 1, k, s, 0);
        int outWidth = OutputSize(pool, name, sampleShape, 2, k, s, 0);

        // TinyTensor pools without padding in floor mode: pads 0, ceil_mode 0. With no padding every window is whole,
        // so AveragePool divides by k² whatever count_include_pad says; it is written 0, ONNX's default.
        string opType = pool is MaxPool2d ? "MaxPool" : "AveragePool";
        RequireFloat32(graph, pool, name, opType);
        var attributes = new List<AttributeProto>
        {
            OnnxGraphBuilder.Ints("kernel_shape", k, k), OnnxGraphBuilder.Ints("strides", s, s),
            OnnxGraphBuilder.Ints("pads", 0, 0, 0, 0), OnnxGraphBuilder.Int("ceil_mode", 0),
        };
        if (pool is AvgPool2d)
        {
            attributes.Add(OnnxGraphBuilder.Int("count_include_pad", 0));
        }

        return (Unary(graph, opType, name, input, [.. attributes]), [sampleShape[0], outHeight, outWidth]);
    }

    private static string BatchNormalization(OnnxGraphBuilder graph, BatchNorm norm, string name, string input, int[] sampleShape)
    {
        bool fits = norm is BatchNorm2d
            ? sampleShape.Length == 3 && sampleShape[0] == norm.Channels
            : sampleShape.Length is 1 or 2 && sampleShape[0] == norm.Channels;
        if (!fits)
        {
            string expected = norm is BatchNorm2d ? $"(N, {norm.Channels}, H, W)" : $"(N, {norm.Channels}) or (N, {norm.Channels}, L)";
            ThrowHelper.Argument("inputShape",
                $"OnnxExporter: module {name} ({norm}) takes {expected}, but its input would be (N, {string.Join(", ", sampleShape)}).");
        }

        // Inference mode (training_mode = 0) with the running statistics, whatever the layer's Training flag: ONNX's
        // BatchNormalization takes (N, C, D1, …) with C on axis 1, which (N, C), (N, C, L) and (N, C, H, W) all are.
        string scale = graph.AddInitializer($"{name}.weight", norm.Weight);
        string bias = graph.AddInitializer($"{name}.bias", norm.Bias);
        string mean = graph.AddInitializer($"{name}.running_mean", norm.RunningMean);
        string variance = graph.AddInitializer($"{name}.running_var", norm.RunningVar);
        float epsilon = (float)norm.Eps;
        if (graph.ElementType == OnnxElementType.Float64)
        {
            // The epsilon attribute is a float32 (1e-5 would not survive the rounding): in float64 the exact ε is
            // added to the variance by an Add with a float64 constant, and the attribute is 0.
            string eps = graph.AddInitializer<double>($"{name}.eps", [norm.Eps], []);
            string shifted = graph.NewValue($"{name}.var_plus_eps");
            graph.AddNode("Add", $"{name}.Add", [variance, eps], [shifted]);
            variance = shifted;
            epsilon = 0f;
        }

        string output = graph.NewValue($"{name}.batch_norm");
        graph.AddNode("BatchNormalization", $"{name}.BatchNormalization", [input, scale, bias, mean, variance], [output],
            OnnxGraphBuilder.Float("epsilon", epsilon), OnnxGraphBuilder.Int("training_mode", 0));
        return output;
    }

    private static void RequireImages(Layer layer, string name, int[] sampleShape, int? channels)
    {
        if (sampleShape.Length != 3 || (channels is { } c && sampleShape[0] != c))
        {
            string expected = channels is { } required ? $"(N, {required}, H, W)" : "(N, C, H, W)";
            ThrowHelper.Argument("inputShape",
                $"OnnxExporter: module {name} ({layer}) takes {expected}, but its input would be (N, {string.Join(", ", sampleShape)}).");
        }
    }

    /// <summary>⌊(size + 2·padding − k) / stride⌋ + 1 of the sample dimension <paramref name="axis"/> (1 = H, 2 = W),
    /// after checking that the window fits, as the layer's Forward does.</summary>
    private static int OutputSize(Layer layer, string name, int[] sampleShape, int axis, int kernel, int stride, int padding)
    {
        int size = sampleShape[axis];
        if (size + (2 * padding) < kernel)
        {
            string padded = padding == 0 ? $"{size}" : $"{size} + 2·{padding} padding";
            ThrowHelper.Argument("inputShape",
                $"OnnxExporter: module {name} ({layer}) has a {kernel}×{kernel} window that does not fit its input (N, {string.Join(", ", sampleShape)}): its {(axis == 1 ? "height" : "width")} is {padded}, less than {kernel}.");
        }

        return ((size + (2 * padding) - kernel) / stride) + 1;
    }

    /// <summary>Fails for a float64 export of an operator ONNX Runtime's CPU provider has no float64 kernel for.</summary>
    private static void RequireFloat32(OnnxGraphBuilder graph, Layer layer, string name, string opType)
    {
        if (graph.ElementType == OnnxElementType.Float64 && Float32Only.Contains(opType))
        {
            ThrowHelper.Argument("elementType",
                $"OnnxExporter: module {name} ({layer}) cannot be exported as Float64: ONNX Runtime has no float64 {opType} kernel, so such a model would not load there; export it as Float32.");
        }
    }

    /// <summary>The operators TinyTensor exports that ONNX Runtime's CPU provider (1.31.1) runs in float32 only: a
    /// float64 model with them fails to load ("Could not find an implementation for Conv(11)"). MaxPool, Flatten,
    /// BatchNormalization and the MLP operators do have float64 kernels.</summary>
    private static readonly HashSet<string> Float32Only = ["Conv", "AveragePool"];

    private static string LeakyRelu(OnnxGraphBuilder graph, LeakyReLU leaky, string name, string input)
    {
        if (graph.ElementType == OnnxElementType.Float32)
        {
            return Unary(graph, "LeakyRelu", name, input, OnnxGraphBuilder.Float("alpha", (float)leaky.NegativeSlope));
        }

        string zero = graph.AddInitializer<double>($"{name}.zero", [0.0], []);
        string slope = graph.AddInitializer<double>($"{name}.negative_slope", [leaky.NegativeSlope], []);
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
