using System.Diagnostics;
using TinyTensor.Layers;
using TinyTensor.Serialization;

namespace TinyTensor.Cli.Tests;

/// <summary>
/// <c>train --standardize</c>'s statistics against NumPy: the first layer of the saved model must hold 1/σ on its
/// diagonal and −μ/σ as its bias, for μ and σ (population, σ = 0 → 1, as scikit-learn's <c>StandardScaler</c>) of the
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
        scale_ok = np.allclose(got["scale"], 1.0 / sd, rtol=1e-12, atol=0)
        shift_ok = np.allclose(got["shift"], -mu / sd, rtol=1e-12, atol=1e-15)
        print("constant features:", int((train.std(axis=0) == 0).sum()), "scale ok:", scale_ok, "shift ok:", shift_ok)
        sys.exit(0 if scale_ok and shift_ok else 1)
        """;

    [Test]
    public void TheStoredStatistics_AreNumPysMeanAndStdOfTheTrainingSplit()
    {
        using var folder = new TempFolder();
        string model = folder.File("std.safetensors");
        CliRun run = CliRun.Of("train", "--data", "digits", "--standardize", "--epochs", "1", "--hidden", "4", "--seed", "0", "--save", model, "--plot", "none");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);

        var first = (Linear)ModelFile.Load(model).Modules[0];
        int d = first.InputDims;
        var scale = new double[d];
        var offDiagonal = 0;
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j < d; j++)
            {
                if (i == j)
                {
                    scale[i] = first.Weight[i, j];
                }
                else if (first.Weight[i, j] != 0)
                {
                    offDiagonal++;
                }
            }
        }

        Assert.That(offDiagonal, Is.Zero, "a diagonal weight");
        string json = folder.File("got.json");
        File.WriteAllText(json, System.Text.Json.JsonSerializer.Serialize(new { scale, shift = first.Bias.AsReadOnlySpan().ToArray() }));

        string digits = Path.Combine(RepositoryRoot(), "data", "digits", "digits.csv.gz");
        var info = new ProcessStartInfo(Python, ["-c", Script, digits, json]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process python = Process.Start(info) ?? throw new InvalidOperationException($"{Python} did not start.");
        string output = python.StandardOutput.ReadToEnd() + python.StandardError.ReadToEnd();
        python.WaitForExit();
        TestContext.Out.WriteLine(output);
        Assert.That(python.ExitCode, Is.Zero, output);
        Assert.That(output, Does.Contain("scale ok: True shift ok: True"));
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
