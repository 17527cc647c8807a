using TinyTensor.Training;

namespace TinyTensor.Cli;

/// <summary>A command-line value that parsed but makes no sense (e.g. <c>--hidden 12,x</c>): exit code 2.</summary>
internal sealed class CliUsageException(string message) : Exception(message);

/// <summary>Which exceptions are expected failures (one line, no stack trace) and how to word them.</summary>
internal static class CliErrors
{
    /// <summary>The one-line message for an expected failure, or null for a bug (which then crashes loudly).</summary>
    public static string? Describe(Exception ex) => ex switch
    {
        CliUsageException => ex.Message,
        FileNotFoundException notFound => notFound.Message.Contains(notFound.FileName ?? "\0", StringComparison.Ordinal) || notFound.FileName is null
            ? FirstLine(ex.Message)
            : $"file not found: {notFound.FileName}",
        DirectoryNotFoundException => FirstLine(ex.Message),
        InvalidDataException => FirstLine(ex.Message),
        UnauthorizedAccessException => FirstLine(ex.Message),
        IOException => FirstLine(ex.Message),
        TrainingDivergedException => FirstLine(ex.Message),
        ArgumentException => FirstLine(ex.Message),
        InvalidOperationException => FirstLine(ex.Message),
        _ => null,
    };

    private static string FirstLine(string message)
    {
        int newline = message.IndexOfAny(['\r', '\n']);
        return newline < 0 ? message : message[..newline];
    }
}
