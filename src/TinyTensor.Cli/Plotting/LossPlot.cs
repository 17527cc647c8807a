namespace TinyTensor.Cli.Plotting;

/// <summary>Line plots written as PNG with ScottPlot, with a bundled font so text renders on font-less machines.</summary>
internal static class LossPlot
{
    private const string FontName = "DejaVu Sans";
    private static readonly Lazy<bool> FontRegistered = new(RegisterFont);

    /// <summary>Plots the loss of every iteration, as the notebook's "Loss history" figure.</summary>
    public static void Save(IReadOnlyList<double> losses, string path)
    {
        _ = FontRegistered.Value;
        var plot = new ScottPlot.Plot();
        plot.Font.Set(FontName);
        double[] xs = Enumerable.Range(0, losses.Count).Select(i => (double)i).ToArray();
        var line = plot.Add.ScatterLine(xs, losses.ToArray());
        line.LineWidth = 2;
        plot.Title("Loss history");
        plot.XLabel("Iteration");
        plot.YLabel("Loss");
        SaveAtomically(plot, path);
    }

    /// <summary>Writes to a temporary file in the target folder, then renames it over the target.</summary>
    private static void SaveAtomically(ScottPlot.Plot plot, string path)
    {
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(directory);
        string temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp.png");
        try
        {
            plot.SavePng(temporary, 800, 600);
            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static bool RegisterFont()
    {
        string fontPath = Path.Combine(AppContext.BaseDirectory, "Fonts", "DejaVuSans.ttf");
        ScottPlot.Fonts.AddFontFile(FontName, fontPath);
        return true;
    }
}
