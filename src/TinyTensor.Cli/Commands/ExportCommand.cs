using System.CommandLine;
using System.Globalization;
using TinyTensor.Interop.Onnx;
using TinyTensor.Layers;

namespace TinyTensor.Cli.Commands;

/// <summary><c>tinytensor export</c>: a saved model as an ONNX file, for ONNX Runtime and the other ONNX engines.</summary>
internal static class ExportCommand
{
    public static Command Create(CliContext context)
    {
        Option<FileInfo> model = CommonOptions.Model();
        var onnx = new Option<FileInfo>("--onnx")
        {
            Description = "The ONNX file to write (opset 17; input 'input' of shape (N, features) or, for a CNN, (N, C, H, W); output 'output').",
            Required = true,
        };
        Option<string> dtype = CommonOptions.ElementType(
            "Element type of the ONNX model: float32 (what every engine runs; a float32 model's parameters as they are) or float64 (a float64 model's parameters bit for bit).",
            "float32");

        var inputShape = new Option<string?>("--input-shape")
        {
            Description = "One sample's shape, comma-separated: C,H,W for a CNN (required: a model file records no image size), "
                + "e.g. 1,28,28; an MLP's defaults to its first Linear layer's input size.",
        };

        Option<string?> architecture = CommonOptions.StateDictArchitecture();

        var command = new Command("export", "Export a saved model to ONNX.") { model, onnx, dtype, inputShape, architecture };
        command.SetAction(parsed =>
        {
            OnnxElementType elementType = CommonOptions.ParseElementType(parsed.GetValue(dtype)!) == DType.Float32 ? OnnxElementType.Float32 : OnnxElementType.Float64;
            FileInfo target = parsed.GetValue(onnx)!;
            FileInfo source = parsed.GetValue(model)!;
            CommonOptions.CheckWritable(target, "--onnx");
            CommonOptions.CheckDistinct([("--onnx", target)], [("--model", source.FullName)]);

            // A model file records an MLP's input size (its first Linear layer's) but no image size.
            (Sequential network, int inputs, _) = ModelData.LoadModel(source, parsed.GetValue(architecture));
            int[] shape = parsed.GetValue(inputShape) is { } text ? ParseShape(text) : DefaultShape(network, inputs, source);
            OnnxExporter.Export(network, shape, target.FullName, elementType);
            context.Output.WriteLine($"exported {network} ({ModelType(network)} model, {elementType} ONNX, opset {OnnxExporter.Opset}) to {target.FullName}");
            return CliApp.Success;
        });
        return command;
    }

    /// <summary>"float32" or "float64": the type the model file holds (which the export converts from if asked).</summary>
    private static string ModelType(Layer network) => network.DType?.Name() ?? "parameterless";

    /// <summary>An MLP's input is what its first Linear layer takes; a CNN's image size is in no model file.</summary>
    private static int[] DefaultShape(Sequential network, int inputs, FileInfo source)
    {
        if (ImageLayer(network) is { } imageLayer)
        {
            string channels = imageLayer is Conv2d conv ? $"{conv.InChannels}" : "C";
            throw new CliUsageException(
                $"--input-shape: {source.FullName} is a CNN (it has {imageLayer}) and a model file records no image size; give one sample's shape, e.g. --input-shape {channels},28,28.");
        }

        return [inputs];
    }

    /// <summary>The first layer, in forward order (nested chains included), that takes images.</summary>
    private static Layer? ImageLayer(Layer layer) =>
        layer is Conv2d or Pool2d or BatchNorm2d
            ? layer
            : layer.NamedChildren().Select(child => ImageLayer(child.Module)).FirstOrDefault(found => found is not null);

    private static int[] ParseShape(string text)
    {
        string[] parts = text.Split(',');
        int[] shape = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out shape[i]) || shape[i] < 1)
            {
                throw new CliUsageException($"--input-shape must be whole numbers ≥ 1 separated by commas (C,H,W or D), got '{text}'.");
            }
        }

        return shape;
    }
}
