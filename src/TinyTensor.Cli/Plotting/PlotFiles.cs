using TinyTensor.IO;
using TinyTensor.Training;

namespace TinyTensor.Cli.Plotting;

/// <summary>
/// The PNG plots the commands write (ScottPlot), with a bundled font so text renders on machines without fonts,
/// saved atomically so an interrupted run never leaves half a picture.
/// </summary>
internal static class PlotFiles
{
    private const string FontName = "DejaVu Sans";
    private const int Width = 800;
    private const int Height = 600;
    private static readonly Lazy<bool> FontRegistered = new(RegisterFont);

    /// <summary>The loss of every iteration, as the notebook's "Loss history" figure.</summary>
    public static void SaveLossHistory(IReadOnlyList<double> losses, string path)
    {
        ScottPlot.Plot plot = NewPlot();
        double[] xs = Enumerable.Range(0, losses.Count).Select(i => (double)i).ToArray();
        plot.Add.ScatterLine(xs, losses.ToArray()).LineWidth = 2;
        plot.Title("Loss history");
        plot.XLabel("Iteration");
        plot.YLabel("Loss");
        SaveAtomically(plot, path);
    }

    /// <summary>Training loss (left axis) and validation accuracy (right axis) per epoch.</summary>
    public static void SaveTrainingHistory(TrainingHistory history, string path)
    {
        ScottPlot.Plot plot = NewPlot();
        IReadOnlyList<EpochReport> epochs = history.Epochs;
        double[] xs = epochs.Select(e => (double)e.Epoch).ToArray();
        var loss = plot.Add.ScatterLine(xs, epochs.Select(e => e.MeanLoss).ToArray());
        loss.LineWidth = 2;
        loss.LegendText = "training loss";
        plot.YLabel("Loss");

        EpochReport[] validated = epochs.Where(e => e.ValidationAccuracy is not null).ToArray();
        if (validated.Length > 0)
        {
            var accuracy = plot.Add.Scatter(
                validated.Select(e => (double)e.Epoch).ToArray(),
                validated.Select(e => 100 * e.ValidationAccuracy!.Value).ToArray());
            accuracy.LineWidth = 2;
            accuracy.LegendText = "validation accuracy";
            accuracy.Axes.YAxis = plot.Axes.Right;
            plot.Axes.Right.Label.Text = "Validation accuracy (%)";
        }

        plot.Title("Training history");
        plot.XLabel("Epoch");
        plot.ShowLegend(ScottPlot.Alignment.MiddleRight);
        SaveAtomically(plot, path);
    }

    private static ScottPlot.Plot NewPlot()
    {
        _ = FontRegistered.Value;
        var plot = new ScottPlot.Plot();
        plot.Font.Set(FontName);
        return plot;
    }

    /// <summary>Renders the PNG in memory, then writes it with <see cref="OutputFile"/> (regular files only, temporary
    /// file, fsync, rename).</summary>
    private static void SaveAtomically(ScottPlot.Plot plot, string path)
    {
        byte[] png = plot.GetImageBytes(Width, Height, ScottPlot.ImageFormat.Png);
        OutputFile.Write(path, stream => stream.Write(png));
    }

    private static bool RegisterFont()
    {
        string fontPath = Path.Combine(AppContext.BaseDirectory, "Fonts", "DejaVuSans.ttf");
        ScottPlot.Fonts.AddFontFile(FontName, fontPath);
        return true;
    }
}
