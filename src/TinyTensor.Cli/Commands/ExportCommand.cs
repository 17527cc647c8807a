using System.CommandLine;
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
            Description = "The ONNX file to write (opset 17; input 'input' of shape (N, features), output 'output').",
            Required = true,
        };
        var dtype = new Option<string>("--dtype")
        {
            Description = "Element type of the ONNX model: float32 (what every engine runs) or float64 (TinyTensor's precision).",
            DefaultValueFactory = _ => "float32",
        };

        var command = new Command("export", "Export a saved model to ONNX.") { model, onnx, dtype };
        command.SetAction(parsed =>
        {
            OnnxElementType elementType = ParseElementType(parsed.GetValue(dtype)!);
            FileInfo target = parsed.GetValue(onnx)!;
            FileInfo source = parsed.GetValue(model)!;
            CommonOptions.CheckWritable(target, "--onnx");
            CommonOptions.CheckDistinct([("--onnx", target)], [("--model", source.FullName)]);

            // The input is what the first Linear layer takes: a model file holds no other input shape.
            (Sequential network, int inputs, _) = ModelData.LoadModel(source);
            OnnxExporter.Export(network, [inputs], target.FullName, elementType);
            context.Output.WriteLine($"exported {network} ({elementType}, opset {OnnxExporter.Opset}) to {target.FullName}");
            return CliApp.Success;
        });
        return command;
    }

    private static OnnxElementType ParseElementType(string value) => value.ToUpperInvariant() switch
    {
        "FLOAT32" => OnnxElementType.Float32,
        "FLOAT64" => OnnxElementType.Float64,
        _ => throw new CliUsageException($"--dtype must be float32 or float64, got '{value}'."),
    };
}
