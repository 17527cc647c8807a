namespace TinyTensor.Cli.Tests;

/// <summary><c>tinytensor notebook</c> prints the forward pass as the notebook does (shared/spec/neural_network-notebook.txt).</summary>
[TestFixture]
public sealed class NotebookReplayPrintingTests
{
    /// <summary>The notebook's output of cell 3: print("Your scores:"); print(scores).</summary>
    private static readonly string[] NotebookScores =
    [
        "Your scores:",
        "[[0.33333514 0.33333826 0.33332661]",
        " [0.3333351  0.33333828 0.33332661]",
        " [0.3333351  0.33333828 0.33332662]",
        " [0.3333351  0.33333828 0.33332662]",
        " [0.33333509 0.33333829 0.33332662]",
        " [0.33333508 0.33333829 0.33332662]",
        " [0.33333511 0.33333828 0.33332661]",
        " [0.33333512 0.33333827 0.33332661]",
        " [0.33333508 0.33333829 0.33332662]",
        " [0.33333511 0.33333828 0.33332662]]",
    ];

    [Test]
    public void Notebook_PrintsYourScoresExactlyAsTheNotebook()
    {
        using var folder = new TempFolder();

        CliRun run = CliRun.Of("notebook", "--epochs", "1", "--plot", folder.File("loss.png"));

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(run.OutputLines.Take(NotebookScores.Length), Is.EqualTo(NotebookScores));
        Assert.That(run.OutputLines, Does.Contain("correct scores:").And.Contain("8.799388540037256e-08"));
    }
}
