using System.Globalization;
using Spectre.Console;
using TinyTensor.Cli.Commands;
using TinyTensor.Training;

namespace TinyTensor.Cli.Training;

/// <summary>
/// Shows training as it goes: a live Spectre.Console progress bar on a terminal that advances per batch, one plain
/// line per epoch when the output is redirected (logs, CI, pipes), so no escape codes end up in files.
/// </summary>
internal sealed class EpochProgress(CliContext context, ProgressTask? task, int batchesPerEpoch) : IProgress<EpochReport>, IProgress<int>
{
    private int _epochsDone;

    /// <summary>An epoch ended: its line (or the bar's description).</summary>
    public void Report(EpochReport value)
    {
        _epochsDone++;
        string line = Describe(value);
        if (task is null)
        {
            context.Output.WriteLine(line);
            return;
        }

        task.Description = Markup.Escape(line);
        task.Value = (double)_epochsDone * batchesPerEpoch;
    }

    /// <summary>A batch of the current epoch ended (<paramref name="value"/> batches done).</summary>
    public void Report(int value)
    {
        if (task is not null)
        {
            task.Value = ((double)_epochsDone * batchesPerEpoch) + value;
        }
    }

    /// <summary>Runs <paramref name="train"/> under the progress display suited to the output; the bar counts
    /// <paramref name="epochs"/> × <paramref name="batchesPerEpoch"/> batches, fed through <paramref name="batchProgress"/>.</summary>
    public static TrainingHistory Run(CliContext context, int epochs, int batchesPerEpoch, Action<IProgress<int>?> batchProgress,
        Func<IProgress<EpochReport>, TrainingHistory> train)
    {
        if (!context.Interactive)
        {
            return train(new EpochProgress(context, task: null, batchesPerEpoch));
        }

        TrainingHistory history = null!;
        context.Console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                ProgressTask task = ctx.AddTask("starting", maxValue: (double)epochs * batchesPerEpoch);
                var progress = new EpochProgress(context, task, batchesPerEpoch);
                batchProgress(progress);
                try
                {
                    history = train(progress);
                }
                finally
                {
                    batchProgress(null);
                }
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
