using System.Reflection;
using Google.Protobuf;
using Onnx;
using TinyTensor.Internal;
using TinyTensor.IO;
using TinyTensor.Layers;

namespace TinyTensor.Interop.Onnx;

/// <summary>
/// Writes a TinyTensor network as an ONNX model (opset 17, IR version 8), so that ONNX Runtime and the other ONNX
/// engines can serve it on servers and devices.
/// </summary>
/// <remarks>
/// <para>The graph has one input, <c>input</c>, of shape (N, <i>inputShape</i>…) with a symbolic batch dimension
/// <c>N</c> — (N, features) for an MLP, (N, C, H, W) for a CNN — and one output, <c>output</c>, of shape (N, …): what
/// <see cref="Layer.Forward"/> returns in eval mode. A network trained with <see cref="SoftmaxCrossEntropyLoss"/> has
/// no <see cref="Softmax"/> layer, so its ONNX output is the logits, as its <see cref="Layer.Forward"/> is.</para>
/// <para>Exported layers: <see cref="Sequential"/> (nested too), <see cref="Linear"/> (Gemm), <see cref="ReLU"/>,
/// <see cref="LeakyReLU"/>, <see cref="Sigmoid"/>, <see cref="Tanh"/>, <see cref="Softmax"/>, <see cref="Conv2d"/>
/// (Conv), <see cref="MaxPool2d"/> (MaxPool), <see cref="AvgPool2d"/> (AveragePool), <see cref="Flatten"/>,
/// <see cref="Dropout"/> (no node) and <see cref="BatchNorm1d"/>/<see cref="BatchNorm2d"/> (BatchNormalization).
/// Parameters and BatchNorm's running statistics are initializers named as PyTorch's <c>state_dict</c>
/// (<c>0.weight</c>, <c>2.bias</c>, <c>1.running_mean</c>); a Linear's weight keeps TinyTensor's (in, out) layout, a
/// Conv2d's is (out, in, kH, kW) as ONNX's.</para>
/// <para>The model is always exported with inference semantics, whatever the layers' <see cref="Layer.Training"/>
/// flag: Dropout is the identity and BatchNorm normalises with its running mean and variance (training_mode = 0).
/// Exporting changes neither the flag nor the statistics.</para>
/// <para>Element types: the model may be float64 or float32 (<see cref="Layer.DType"/>); its parameters are written in
/// the export's <see cref="OnnxElementType"/>, float32 unless asked, so a float32 model exports as float32 with no
/// conversion at all. The default stays float32 for a float64 model too (ONNX's common type, and the only one ONNX
/// Runtime runs every exported operator in).</para>
/// <para>Float64: ONNX Runtime 1.31's CPU provider has no float64 kernel for Conv or AveragePool, so a network with a
/// <see cref="Conv2d"/> or an <see cref="AvgPool2d"/> exports as float32 only (float64 is an
/// <see cref="ArgumentException"/> naming the layer); the other layers export in both.</para>
/// <para>The model is written with the ONNX schema's generated protobuf classes (the OnnxSharp package over
/// Google.Protobuf). The whole model is built and checked before any file is touched, and the file is replaced
/// atomically: a failed export leaves no half-written file and an existing file untouched.</para>
/// </remarks>
public static class OnnxExporter
{
    /// <summary>The ONNX operator set the graph uses.</summary>
    public const int Opset = 17;

    /// <summary>The ONNX IR version that goes with <see cref="Opset"/> 17.</summary>
    public const int IrVersion = 8;

    /// <summary>The name of the graph's input.</summary>
    public const string InputName = "input";

    /// <summary>The name of the graph's output.</summary>
    public const string OutputName = "output";

    /// <summary>The symbolic name of the batch dimension.</summary>
    public const string BatchDimension = "N";

    /// <summary>Exports <paramref name="model"/> to the ONNX file <paramref name="path"/>, creating or replacing it.</summary>
    /// <param name="model">The network: a <see cref="Sequential"/> or a single layer.</param>
    /// <param name="inputShape">The shape of one sample, without the batch dimension: <c>[784]</c> for a network
    /// whose first layer is <c>Linear(784, …)</c>, (C, H, W) such as <c>[1, 28, 28]</c> for a CNN. Each layer's shape
    /// follows from it and is checked against the layer.</param>
    /// <param name="path">The .onnx file to write.</param>
    /// <param name="elementType">float32 (the default, what every engine runs, whatever the model's own type: a float32
    /// model's parameters go bit for bit, a float64 model's are rounded) or float64 (a float64 model's parameters bit
    /// for bit).</param>
    /// <exception cref="ArgumentException">A layer has no ONNX form (the message names it), <paramref name="inputShape"/>
    /// does not fit the model (the message names the layer and both shapes), or float64 was asked for a Conv2d or an
    /// AvgPool2d.</exception>
    /// <exception cref="IOException">The file cannot be written; the message names <paramref name="path"/>.</exception>
    public static void Export(Layer model, int[] inputShape, string path, OnnxElementType elementType = OnnxElementType.Float32)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = ToBytes(model, inputShape, elementType);
        try
        {
            // The same output rules as ModelFile.Save: a regular file or a new path, replaced atomically.
            OutputFile.Write(path, stream => stream.Write(bytes));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot write the ONNX model to {path}: {ex.Message}", ex);
        }
    }

    /// <summary>Writes <paramref name="model"/> as ONNX to <paramref name="stream"/>; see
    /// <see cref="Export(Layer, int[], string, OnnxElementType)"/>. Nothing is written when the model cannot be exported.</summary>
    /// <exception cref="ArgumentException">A layer has no ONNX form, or <paramref name="inputShape"/> does not fit the model.</exception>
    public static void Export(Layer model, int[] inputShape, Stream stream, OnnxElementType elementType = OnnxElementType.Float32)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(ToBytes(model, inputShape, elementType));
    }

    /// <summary>The serialized ONNX model; every check happens here, before anything is written.</summary>
    private static byte[] ToBytes(Layer model, int[] inputShape, OnnxElementType elementType)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Length == 0 || inputShape.Any(d => d < 1))
        {
            ThrowHelper.Argument(nameof(inputShape),
                $"OnnxExporter: the input shape ({string.Join(", ", inputShape)}) must give at least one dimension, each at least 1 (one sample's shape, without the batch dimension).");
        }

        if (!Enum.IsDefined(elementType))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(elementType), elementType, $"OnnxExporter: {elementType} is not an element type; use Float32 or Float64.");
        }

        var graph = new OnnxGraphBuilder(elementType, "tinytensor");
        graph.AddInput(InputName, [null, .. inputShape.Cast<int?>()], BatchDimension);
        // A Sequential's modules are named 0, 1, … as in its state_dict; a lone layer is module 0.
        string rootName = model is Sequential ? "" : "0";
        (string last, int[] outputShape) = OnnxLayerExport.Add(graph, model, rootName, InputName, (int[])inputShape.Clone());

        // The output gets its public name from an Identity, so that renaming never touches the layers' values.
        graph.AddNode("Identity", OutputName, [last], [OutputName]);
        graph.AddOutput(OutputName, [null, .. outputShape.Cast<int?>()], BatchDimension);

        var onnx = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "TinyTensor",
            ProducerVersion = ProducerVersion,
            DocString = model.ToString(),
            Graph = graph.Graph,
        };
        onnx.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return onnx.ToByteArray();
    }

    private static string ProducerVersion { get; } =
        typeof(OnnxExporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "";
}
