using System.Diagnostics;

namespace TinyTensor.Cli.Tests;

/// <summary>
/// A full training run gives the same model file bit for bit whatever the thread count, run after run (so nothing
/// time-dependent goes into the file), and when two runs share the process (so no mutable state is shared).
/// </summary>
[TestFixture]
public sealed class DeterminismTests
{
    /// <summary>The run, with a smaller hidden layer to keep the test at a few seconds.</summary>
    private static readonly string[] TrainMnist = ["train", "--data", "mnist", "--epochs", "2", "--hidden", "64", "--plot", "none"];

    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp() => _folder = new TempFolder();

    [TearDown]
    public void TearDown() => _folder.Dispose();

    [Test]
    public void TrainMnist_InChildProcesses_WithOneAndTwoThreadsAndRepeated_GivesIdenticalModelFiles()
    {
        byte[] oneThread = TrainInChildProcess(threads: 1, "one.safetensors");
        byte[] twoThreads = TrainInChildProcess(threads: 2, "two.safetensors");
        byte[] again = TrainInChildProcess(threads: 2, "again.safetensors");

        Assert.That(oneThread, Has.Length.GreaterThan(100_000), "a 784-64-10 model");
        Assert.That(twoThreads, Is.EqualTo(oneThread), "TINYTENSOR_NUM_THREADS=2 vs =1");
        Assert.That(again, Is.EqualTo(twoThreads), "a repeated run");
    }

    [Test]
    public void TwoTrainingRuns_AtTheSameTimeOnTwoThreads_GiveTheBitsOfEachRunAlone()
    {
        byte[] aloneA = TrainInProcess(seed: 3, "alone-a.safetensors");
        byte[] aloneB = TrainInProcess(seed: 4, "alone-b.safetensors");

        using var start = new Barrier(2);
        Task<byte[]> a = Task.Factory.StartNew(() => { start.SignalAndWait(); return TrainInProcess(seed: 3, "together-a.safetensors"); },
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        Task<byte[]> b = Task.Factory.StartNew(() => { start.SignalAndWait(); return TrainInProcess(seed: 4, "together-b.safetensors"); },
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        Assert.That(aloneA, Is.Not.EqualTo(aloneB), "different seeds give different models");
        Assert.That(a.Result, Is.EqualTo(aloneA), "seed 3 trained next to seed 4");
        Assert.That(b.Result, Is.EqualTo(aloneB), "seed 4 trained next to seed 3");
    }

    private byte[] TrainInProcess(int seed, string name)
    {
        string path = _folder.File(name);
        CliRun run = CliRun.Of([.. TrainMnist, "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--save", path]);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        return File.ReadAllBytes(path);
    }

    /// <summary>Runs the built CLI (copied next to this test assembly) as <c>dotnet TinyTensor.Cli.dll …</c>.</summary>
    private byte[] TrainInChildProcess(int threads, string name)
    {
        string path = _folder.File(name);
        var info = new ProcessStartInfo(DotnetHost(), [Path.Combine(AppContext.BaseDirectory, "TinyTensor.Cli.dll"), .. TrainMnist, "--seed", "3", "--save", path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["TINYTENSOR_NUM_THREADS"] = threads.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using Process process = Process.Start(info)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"tinytensor train with {threads} thread(s) did not finish within 120 s.");
        }

        Assert.That(process.ExitCode, Is.EqualTo(0), $"{output.Result}\n{error.Result}");
        return File.ReadAllBytes(path);
    }

    /// <summary>The dotnet host running the tests (the SDK sets DOTNET_HOST_PATH for its children), else the one on PATH.</summary>
    internal static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
