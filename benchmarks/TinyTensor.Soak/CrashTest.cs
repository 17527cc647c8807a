using System.Diagnostics;
using System.Globalization;
using TinyTensor.Layers;
using TinyTensor.Serialization;

namespace TinyTensor.Soak;

/// <summary>What a crash test saw.</summary>
/// <param name="Kills">Child processes killed.</param>
/// <param name="Interrupted">Kills that landed inside a save (the save's temporary file was left behind).</param>
/// <param name="Intact">Kills after which the target held the old or the new model, loadable.</param>
/// <param name="Failures">What went wrong, one line per broken outcome.</param>
public sealed record CrashResult(int Kills, int Interrupted, int Intact, IReadOnlyList<string> Failures)
{
    /// <summary>Every kill left a loadable old or new model.</summary>
    public bool AllIntact => Intact == Kills && Failures.Count == 0;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"crash test: {Kills} kills, {Interrupted} inside a save (temporary file left), {Intact} left the old or the new model intact, {Failures.Count} broken");
}

/// <summary>
/// A child process saves two models alternately over one path in a loop, and is killed (<see cref="Process.Kill()"/>,
/// SIGKILL) at a random moment; after each kill the path must hold exactly one of the two models' bytes and load.
/// </summary>
public static class CrashTest
{
    /// <summary>The models the child alternates between: 784-128-10, ≈ 800 KB, so a save (write + fsync) takes long
    /// enough for kills to land inside it.</summary>
    public static Sequential Model(uint seed)
    {
        var rng = new RandomState(seed);
        return new Sequential(new Linear(784, 128, rng), new ReLU(), new Linear(128, 10, rng));
    }

    /// <summary>The child: saves model 1, says "ready", then saves 2, 1, 2, … until killed.</summary>
    public static void ChildSaveLoop(string path)
    {
        Sequential[] models = [Model(1), Model(2)];
        ModelFile.Save(models[0], path);
        Console.Out.WriteLine("ready");
        Console.Out.Flush();
        for (long i = 1; ; i++)
        {
            ModelFile.Save(models[i % 2], path);
        }
    }

    /// <summary>Runs <paramref name="kills"/> child processes and kills each after a random 0–40 ms of saving.</summary>
    public static CrashResult Run(int kills, int seed, TextWriter log)
    {
        string folder = Path.Combine(Path.GetTempPath(), "tinytensor-crash-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string target = Path.Combine(folder, "model.safetensors");
        byte[][] images = [Image(Model(1)), Image(Model(2))];
        string childDll = typeof(CrashTest).Assembly.Location;
        var rng = new System.Random(seed);
        var failures = new List<string>();
        int interrupted = 0, intact = 0;
        try
        {
            for (int k = 0; k < kills; k++)
            {
                var info = new ProcessStartInfo(DotnetHost(), [childDll, "crash-child", target])
                {
                    RedirectStandardOutput = true,
                    UseShellExecute = false,
                };
                using Process child = Process.Start(info)!;
                string? ready = child.StandardOutput.ReadLine();
                if (ready != "ready")
                {
                    child.Kill();
                    failures.Add($"kill {k}: the child did not start saving (said '{ready}').");
                    continue;
                }

                Thread.Sleep(rng.Next(0, 41));
                child.Kill();
                child.WaitForExit();

                string[] leftovers = Directory.GetFiles(folder, "*.tmp", SearchOption.TopDirectoryOnly)
                    .Concat(Directory.GetFiles(folder, ".*.tmp")).Distinct().ToArray();
                if (leftovers.Length > 0)
                {
                    interrupted++;
                    foreach (string leftover in leftovers)
                    {
                        File.Delete(leftover);
                    }
                }

                byte[] bytes = File.ReadAllBytes(target);
                int which = bytes.AsSpan().SequenceEqual(images[0]) ? 1 : bytes.AsSpan().SequenceEqual(images[1]) ? 2 : 0;
                try
                {
                    ModelFile.Load(target);
                }
                catch (InvalidDataException e)
                {
                    failures.Add($"kill {k}: the model file does not load: {e.Message}");
                    continue;
                }

                if (which == 0)
                {
                    failures.Add($"kill {k}: the model file ({bytes.Length} bytes) is neither the old nor the new model.");
                    continue;
                }

                intact++;
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        var result = new CrashResult(kills, interrupted, intact, failures);
        foreach (string failure in failures)
        {
            log.WriteLine("  " + failure);
        }

        log.WriteLine(result);
        return result;
    }

    private static byte[] Image(Sequential model)
    {
        using var stream = new MemoryStream();
        ModelFile.Save(model, stream);
        return stream.ToArray();
    }

    /// <summary>The dotnet host running this process when it is one (dotnet x.dll), else the SDK's or PATH's.</summary>
    private static string DotnetHost()
    {
        string? self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return self;
        }

        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
    }
}
