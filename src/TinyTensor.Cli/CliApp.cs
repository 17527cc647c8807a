using System.CommandLine;
using TinyTensor.Cli.Commands;

namespace TinyTensor.Cli;

/// <summary>
/// The command line, independent of the process's console so tests can run it in-process: parses the arguments,
/// runs the command and turns every expected failure into one line on the error writer and a non-zero exit code.
/// </summary>
public static class CliApp
{
    /// <summary>Exit code of a successful run.</summary>
    public const int Success = 0;

    /// <summary>Exit code when a file, the data or the model is wrong, or training fails.</summary>
    public const int Failure = 1;

    /// <summary>Exit code when the command line itself is wrong (unknown option, bad value).</summary>
    public const int UsageError = 2;

    /// <summary>Runs <c>tinytensor</c> with <paramref name="args"/>, writing to the given writers.</summary>
    /// <returns>The exit code: <see cref="Success"/>, <see cref="Failure"/> or <see cref="UsageError"/>.</returns>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        var context = new CliContext(output, error);
        Command notebook = NotebookCommand.Create(context);
        var root = new RootCommand("TinyTensor: train neural networks on the CPU from .NET. With no command, replays the ECE285 notebook.")
        {
            notebook,
            TrainCommand.Create(context),
            EvalCommand.Create(context),
            PredictCommand.Create(context),
            ExportCommand.Create(context),
        };
        root.SetAction(_ => NotebookCommand.Run(context, new FileInfo("loss-history.png"), 1000));

        // Option values are parsed (and may fail) here; an error's message names the option.

        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            error.WriteLine($"error: {parsed.Errors[0].Message}");
            return UsageError;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex) when (CliErrors.Describe(ex) is { } message)
        {
            error.WriteLine($"error: {message}");
            return ex is CliUsageException ? UsageError : Failure;
        }
        catch (OutOfMemoryException ex)
        {
            // What the size checks did not foresee (e.g. memory taken by other processes): one line, not an abort.
            error.WriteLine($"error: out of memory ({ex.Message.TrimEnd('.')}); use smaller data or a smaller network, or check --max-memory.");
            return Failure;
        }
    }
}
