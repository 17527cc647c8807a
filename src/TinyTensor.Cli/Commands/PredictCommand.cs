using System.CommandLine;
using TinyTensor.Training;

namespace TinyTensor.Cli.Commands;

/// <summary><c>tinytensor predict</c>: one predicted label per line, in the order of the data.</summary>
internal static class PredictCommand
{
    public static Command Create(CliContext context)
    {
        Option<FileInfo> model = CommonOptions.Model();
        Option<string> data = CommonOptions.Data();

        var command = new Command("predict", "Print the predicted class of every sample, one per line.")
        {
            model, data,
        };
        command.SetAction(parsed =>
        {
            var (network, dataset, _) = ModelData.Load(parsed.GetValue(model)!, parsed.GetValue(data)!, 0.0, 0);
            int[] predictions = new Predictor(network).Predict(dataset.Features);
            foreach (int label in predictions)
            {
                context.Output.WriteLine(label);
            }

            return CliApp.Success;
        });
        return command;
    }
}
