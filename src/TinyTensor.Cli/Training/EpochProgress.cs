using System.Globalization;
using Spectre.Console;
using TinyTensor.Cli.Commands;
using TinyTensor.Training;

namespace TinyTensor.Cli.Training;

/// <summary>
/// Shows training as it goes: a live Spectre.Console progress bar on a terminal, one plain line per epoch when the
/// output is redirected (logs, CI, pipes), so no escape codes end up in files.
/// </summary>
internal sealed class EpochProgress(CliContext context, ProgressTask? task) : IProgress<EpochReport>
{
    public void Report(EpochReport value)
    {
        string line = Describe(value);
        if (task is null)
        {
            context.Output.WriteLine(line);
            return;
        }

        task.Description = Markup.Escape(line);
        task.Value = value.Epoch;
    }

    /// <summary>Runs <paramref name="train"/> under the progress display suited to the output.</summary>
    public static TrainingHistory Run(CliContext context, int epochs, Func<IProgress<EpochReport>, TrainingHistory> train)
    {
        if (!context.Interactive)
        {
            return train(new EpochProgress(context, task: null));
        }

        TrainingHistory history = null!;
        context.Console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                ProgressTask task = ctx.AddTask("starting", maxValue: epochs);
                history = train(new EpochProgress(context, task));
            });
        return history;
    }

    private static string Describe(EpochReport r)
    {
        string validation = r.ValidationAccuracy is { } v ? $"  val acc {CommonOptions.Percent(v)}" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"epoch {r.Epoch}/{r.TotalEpochs}  loss {r.MeanLoss:F4}  train acc {CommonOptions.Percent(r.TrainAccuracy)}{validation}  ({r.Duration.TotalMilliseconds:F0} ms)");
    }
}
