namespace TinyTensor.Cli.Tests;

/// <summary>One in-process run of <c>tinytensor</c>: its exit code and what it wrote.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static CliRun Of(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = CliApp.Run(args, output, error);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    public string[] OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    /// <summary>Asserts a failure reported the CLI way: the exit code, one "error: …" line, no stack trace.</summary>
    public void AssertOneLineError(int exitCode, params string[] mentions)
    {
        Assert.That(ExitCode, Is.EqualTo(exitCode), $"stdout: {Output}\nstderr: {Error}");
        string[] lines = Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1), Error);
        Assert.That(lines[0], Does.StartWith("error: "));
        Assert.That(Error, Does.Not.Contain("   at "), "no stack trace");
        foreach (string mention in mentions)
        {
            Assert.That(lines[0], Does.Contain(mention));
        }
    }
}
