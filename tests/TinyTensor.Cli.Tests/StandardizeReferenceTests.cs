using System.Diagnostics;
using TinyTensor.Layers;
using TinyTensor.Serialization;

namespace TinyTensor.Cli.Tests;

/// <summary>
/// <c>train --standardize</c>'s statistics against NumPy: the first layer of the saved model must be a
/// <see cref="Standardize"/> holding μ and σ (population, σ = 0 → 1, as scikit-learn's <c>StandardScaler</c>) of the
/// training split that <c>np.random.seed(0); np.random.permutation(1797)</c> leaves after the first 360 validation
/// samples. Runs /usr/bin/python3 with NumPy, and fails (never skips) when it is missing.
/// </summary>
[TestFixture]
public sealed class StandardizeReferenceTests
{
    private const string Python = "/usr/bin/python3";

    private const string Script = """
        import gzip, json, sys
        import numpy as np
        data = np.loadtxt(gzip.open(sys.argv[1], "rt"), delimiter=",")
        x = data[:, :-1] / 16.0
        np.random.seed(0)
        order = np.random.permutation(len(x))
        train = x[order[int(np.ceil(0.2 * len(x))):]]
        mu, sd = train.mean(axis=0), train.std(axis=0)
        sd[sd == 0] = 1.0
        got = json.load(open(sys.argv[2]))
        mean_ok = np.allclose(got["mean"], mu, rtol=1e-12, atol=1e-15)
        std_ok = np.allclose(got["std"], sd, rtol=1e-12, atol=0)
        print("constant features:", int((train.std(axis=0) == 0).sum()), "mean ok:", mean_ok, "std ok:", std_ok)
        sys.exit(0 if mean_ok and std_ok else 1)
        """;

    [Test]
    public void TheStoredStatistics_AreNumPysMeanAndStdOfTheTrainingSplit()
    {
        using var folder = new TempFolder();
        string model = folder.File("std.safetensors");
        CliRun run = CliRun.Of("train", "--data", "digits", "--standardize", "--epochs", "1", "--hidden", "4", "--seed", "0", "--save", model, "--plot", "none");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);

        var first = (Standardize)ModelFile.Load(model).Modules[0];
        string json = folder.File("got.json");
        File.WriteAllText(json, System.Text.Json.JsonSerializer.Serialize(new { mean = first.Mean.ToArray(), std = first.Std.ToArray() }));

        string digits = Path.Combine(RepositoryRoot(), "data", "digits", "digits.csv.gz");
        var info = new ProcessStartInfo(Python, ["-c", Script, digits, json]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process python = Process.Start(info) ?? throw new InvalidOperationException($"{Python} did not start.");
        // Both pipes at once: reading stdout to the end first would block if Python filled the stderr pipe.
        Task<string> stdout = python.StandardOutput.ReadToEndAsync();
        Task<string> stderr = python.StandardError.ReadToEndAsync();
        python.WaitForExit();
        string output = stdout.Result + stderr.Result;
        TestContext.Out.WriteLine(output);
        Assert.That(python.ExitCode, Is.Zero, output);
        Assert.That(output, Does.Contain("mean ok: True std ok: True"));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TinyTensor.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("TinyTensor.sln not found above " + AppContext.BaseDirectory);
    }
}
