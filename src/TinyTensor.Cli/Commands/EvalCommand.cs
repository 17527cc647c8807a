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
        Option<double?> validationSplit = CommonOptions.ValidationSplit();
        validationSplit.Description = "Evaluate only the validation part of the split 'train --val-split' made with the same --seed (0: all the data).";
        Option<uint> seed = CommonOptions.Seed();
        Option<string?> labelColumn = CommonOptions.LabelColumn();
        Option<string?> maxMemory = CommonOptions.MaxMemory();
        Option<string?> architecture = CommonOptions.StateDictArchitecture();

        var command = new Command("eval", "Accuracy and confusion matrix of a saved model on a data set.")
        {
            model, data, validationSplit, seed, labelColumn, maxMemory, architecture,
        };
        command.SetAction(parsed =>
        {
            var options = CommonOptions.DataOptions(parsed.GetValue(labelColumn), CommonOptions.ParseMaxMemory(parsed.GetValue(maxMemory)));
            var (network, dataset, validation) = ModelData.Load(parsed.GetValue(model)!, parsed.GetValue(data)!,
                parsed.GetValue(validationSplit) ?? 0.0, parsed.GetValue(seed), options, parsed.GetValue(architecture));
            var predictor = new Predictor(network);
            ConfusionMatrix confusion = predictor.ConfusionMatrix(dataset);
            context.Output.WriteLine(confusion.ToString());
            string what = validation ? "validation accuracy" : "accuracy";
            context.Output.WriteLine($"{what} {CommonOptions.Percent(confusion.Accuracy)} ({confusion.Correct} of {confusion.Total})");
            return CliApp.Success;
        });
        return command;
    }
}
