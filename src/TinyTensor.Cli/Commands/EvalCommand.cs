using System.CommandLine;
using TinyTensor.Training;

namespace TinyTensor.Cli.Commands;

/// <summary><c>tinytensor eval</c>: the accuracy and confusion matrix of a saved model on a data set.</summary>
internal static class EvalCommand
{
    public static Command Create(CliContext context)
    {
        Option<FileInfo> model = CommonOptions.Model();
        Option<string> data = CommonOptions.Data();
        Option<double> validationSplit = CommonOptions.ValidationSplit(0.0);
        validationSplit.Description = "Evaluate only the validation part of the split 'train --val-split' made with the same --seed (0: all the data).";
        Option<uint> seed = CommonOptions.Seed();

        var command = new Command("eval", "Accuracy and confusion matrix of a saved model on a data set.")
        {
            model, data, validationSplit, seed,
        };
        command.SetAction(parsed =>
        {
            var (network, dataset, part) = ModelData.Load(parsed.GetValue(model)!, parsed.GetValue(data)!,
                parsed.GetValue(validationSplit), parsed.GetValue(seed));
            var predictor = new Predictor(network);
            ConfusionMatrix confusion = predictor.ConfusionMatrix(dataset);
            context.Output.WriteLine(confusion.ToString());
            context.Output.WriteLine($"{part} accuracy {CommonOptions.Percent(confusion.Accuracy)} ({confusion.Correct} of {confusion.Total})");
            return CliApp.Success;
        });
        return command;
    }
}
