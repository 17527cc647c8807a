using Spectre.Console;

namespace TinyTensor.Cli;

/// <summary>Where a command writes: plain writers for text, a Spectre console for tables and live progress.</summary>
internal sealed class CliContext
{
    public CliContext(TextWriter output, TextWriter error)
    {
        Output = output;
        Error = error;
        bool isProcessConsole = ReferenceEquals(output, System.Console.Out) && !System.Console.IsOutputRedirected;
        Interactive = isProcessConsole;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = isProcessConsole ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isProcessConsole ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isProcessConsole ? InteractionSupport.Detect : InteractionSupport.No,
        });
    }

    public TextWriter Output { get; }

    public TextWriter Error { get; }

    /// <summary>Whether the output is a terminal: live progress bar, else one plain line per epoch.</summary>
    public bool Interactive { get; }

    public IAnsiConsole Console { get; }
}
