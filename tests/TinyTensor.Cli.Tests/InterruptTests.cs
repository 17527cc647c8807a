using System.Diagnostics;
using TinyTensor.Serialization;

namespace TinyTensor.Cli.Tests;

/// <summary>Ctrl-C (SIGINT) during <c>train</c> stops after the current batch, saves the model and plot trained so
/// far, says so, and exits with 130: a long run is never lost to an interrupt.</summary>
[TestFixture]
public sealed class InterruptTests
{
    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp() => _folder = new TempFolder();

    [TearDown]
    public void TearDown() => _folder.Dispose();

    [Test]
    public void SigintDuringTraining_SavesTheModelAndPlotAndSaysSo()
    {
        string model = _folder.File("m.safetensors"), plot = _folder.File("p.png");
        // Through coreutils' env --default-signal: a test run started in the background by a non-interactive shell
        // (`dotnet test &` in a script) ignores SIGINT, the child would inherit that, and the interrupt would never
        // arrive (the run trained all 100000 epochs and exited 0). env execs the CLI in place, so its pid is the child's.
        var info = new ProcessStartInfo("/usr/bin/env",
            ["--default-signal=INT", DeterminismTests.DotnetHost(), Path.Combine(AppContext.BaseDirectory, "TinyTensor.Cli.dll"),
             "train", "--data", "digits", "--epochs", "100000", "--hidden", "8", "--save", model, "--plot", plot])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using Process process = Process.Start(info)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        var output = new System.Text.StringBuilder();
        string? line;
        int epochs = 0;
        while ((line = process.StandardOutput.ReadLine()) is not null)
        {
            output.AppendLine(line);
            if (line.StartsWith("epoch ", StringComparison.Ordinal) && ++epochs == 2)
            {
                using Process kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
                kill.WaitForExit();
                break;
            }
        }

        output.Append(process.StandardOutput.ReadToEnd());
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("train did not stop within 60 s of SIGINT.");
        }

        Assert.That(process.ExitCode, Is.EqualTo(130), $"{output}\n{error.Result}");
        Assert.That(error.Result, Does.Contain("stopping after the current batch"));
        Assert.That(output.ToString(), Does.Contain("interrupted after").And.Contain("model saved to"));
        Assert.That(ModelFile.Load(model).ToString(), Does.Contain("Linear(64, 8)"));
        Assert.That(new FileInfo(plot).Length, Is.GreaterThan(1000));
    }
}
