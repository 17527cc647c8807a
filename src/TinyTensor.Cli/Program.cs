using System.CommandLine;
using TinyTensor.Cli.Commands;

namespace TinyTensor.Cli;

/// <summary>The <c>tinytensor</c> command.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        Command notebook = NotebookCommand.Create();
        var root = new RootCommand("TinyTensor: a pure-C# SIMD tensor engine with neural-network layers.")
        {
            notebook,
        };

        // No arguments replays the notebook, the project's main job.
        root.SetAction(parseResult => notebook.Parse([]).Invoke());
        return root.Parse(args).Invoke();
    }
}
