namespace TinyTensor.Cli.Tests;

/// <summary><c>tinytensor notebook</c>: the main job, replaying the notebook.</summary>
[TestFixture]
public sealed class NotebookCommandTests
{
    [Test]
    public void Notebook_PrintsTheNotebooksNumbers_AndWritesThePlot()
    {
        using var folder = new TempFolder();
        string plot = folder.File("loss.png");

        CliRun run = CliRun.Of("notebook", "--plot", plot);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(run.OutputLines, Does.Contain("Epoch 50, loss=0.832706"));
        Assert.That(run.OutputLines, Does.Contain("Epoch 1000, loss=0.007593"));
        Assert.That(run.OutputLines, Does.Contain("(4, 10)").And.Contain("(3,)"));
        Assert.That(run.OutputLines.Count(l => l == "[2 1 0 1 2 0 0 2 0 0]"), Is.EqualTo(2), "predictions and labels");
        Assert.That(run.Output, Does.Contain("Final training loss 0.0075934198017"));
        Assert.That(run.Output, Does.Contain(plot));
        byte[] png = File.ReadAllBytes(plot);
        Assert.That(png.Take(8), Is.EqualTo(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }));
        Assert.That(folder.Files(), Is.EqualTo(new[] { "loss.png" }), "no temporary file left behind");
    }

    [Test]
    public void Notebook_WithZeroEpochs_IsAUsageError() =>
        CliRun.Of("notebook", "--epochs", "0").AssertOneLineError(2, "--epochs");
}
