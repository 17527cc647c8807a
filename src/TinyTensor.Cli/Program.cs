namespace TinyTensor.Cli;

/// <summary>The <c>tinytensor</c> command.</summary>
internal static class Program
{
    private static int Main(string[] args) => CliApp.Run(args, Console.Out, Console.Error);
}
