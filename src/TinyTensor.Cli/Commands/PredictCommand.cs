using System.CommandLine;
using TinyTensor.Data;
using TinyTensor.Layers;
using TinyTensor.Training;

namespace TinyTensor.Cli.Commands;

/// <summary><c>tinytensor predict</c>: one predicted label per line, in the order of the data. The data needs no
/// labels: a CSV file with exactly the model's inputs as columns, or IDX images without a labels file.</summary>
internal static class PredictCommand
{
    public static Command Create(CliContext context)
    {
        Option<FileInfo> model = CommonOptions.Model();
        Option<string> data = CommonOptions.Data();
        Option<string?> labelColumn = CommonOptions.LabelColumn();
        labelColumn.Description = "For a CSV file with a label column to ignore: its 0-based index or header name (default: a file with one column more than the model's inputs has its label last).";
        Option<string?> maxMemory = CommonOptions.MaxMemory();
        Option<string?> architecture = CommonOptions.StateDictArchitecture();

        var command = new Command("predict", "Print the predicted class of every sample, one per line (the data needs no labels).")
        {
            model, data, labelColumn, maxMemory, architecture,
        };
        command.SetAction(parsed =>
        {
            var options = CommonOptions.DataOptions(parsed.GetValue(labelColumn), CommonOptions.ParseMaxMemory(parsed.GetValue(maxMemory)));
            FileInfo modelFile = parsed.GetValue(model)!;
            string dataName = parsed.GetValue(data)!;
            var (network, inputs, _) = ModelData.LoadModel(modelFile, parsed.GetValue(architecture));
            Tensor features;
            if (network.Modules[0] is Conv2d conv)
            {
                // Image files (IDX, CIFAR-10) ignore the feature count, which only tells a CSV label column apart.
                features = ModelData.AsImages(modelFile, conv, dataName, DataSource.LoadFeatures(dataName, 1, options));
            }
            else
            {
                features = DataSource.LoadFeatures(dataName, inputs, options);
                ModelData.CheckFeatures(modelFile, inputs, dataName, features.Dim(1));
            }

            int[] predictions;
            try
            {
                predictions = new Predictor(network).Predict(features);
            }
            catch (ArgumentException ex) when (network.Modules[0] is Conv2d)
            {
                // The side was inferred from the feature count: a later layer (the first Linear) names the real mismatch.
                throw new InvalidDataException($"{modelFile.FullName} cannot take the images of {dataName}, seen as {features.ShapeText}: {ex.Message}", ex);
            }

            foreach (int label in predictions)
            {
                context.Output.WriteLine(label);
            }

            return CliApp.Success;
        });
        return command;
    }
}
