using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;

namespace TinyTensor.Cli.Tests;

/// <summary>
/// Gzip bombs of each format (CSV, IDX, CIFAR-10), ≈ 1 MB files that inflate to 1 GiB, run through
/// <c>tinytensor train</c> in a child process whose GC heap is capped at 512 MB (<c>DOTNET_GCHeapHardLimit</c>): each
/// must end with one error line naming the file and the limit and exit code 1, not an abort (exit 134) or a
/// machine-wide memory exhaustion. The bombs are one 8 MiB gzip member repeated (a valid multi-member gzip), so
/// building them takes milliseconds.
/// </summary>
[TestFixture]
public sealed class MemoryBoundTests
{
    private const int MemberBytes = 8 << 20;
    private const int Members = 128; // 1 GiB inflated
    private TempFolder _folder = null!;

    [SetUp]
    public void SetUp() => _folder = new TempFolder();

    [TearDown]
    public void TearDown() => _folder.Dispose();

    [Test]
    public void ACsvBomb_IsRefusedWithinTheHeapLimit()
    {
        byte[] rows = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("0,0,0,0,0,0,0,1\n", MemberBytes / 16)));
        AssertRefused(Bomb("bomb.csv.gz", rows, rows), "bomb.csv.gz");
    }

    [Test]
    public void AnIdxBomb_IsRefusedWithinTheHeapLimit()
    {
        // A header declaring as many 28×28 images as the inflated bytes hold, then zero pixels.
        var header = new byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(header, 0x00000803);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)((long)MemberBytes * Members / 784));
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(8), 28);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(12), 28);
        File.WriteAllBytes(_folder.File("bomb-labels-idx1-ubyte"), [0, 0, 8, 1, 0, 0, 0, 1, 0]);
        AssertRefused(Bomb("bomb-images-idx3-ubyte", [.. header, .. new byte[MemberBytes - 16]], new byte[MemberBytes]), "bomb-images-idx3-ubyte");
    }

    [Test]
    public void ACifarBomb_IsRefusedWithinTheHeapLimit()
    {
        byte[] zeros = new byte[MemberBytes]; // label 0, black pixels: valid records all the way
        AssertRefused(Bomb("bomb.bin.gz", zeros, zeros), "bomb.bin.gz");
    }

    /// <summary>Validation memory follows the data, not --batch-size: a million-sample batch on 1,797 digits trains
    /// within a 256 MB heap (it took 4.6 GB before the batch size was capped at the training count).</summary>
    [Test]
    public void AHugeBatchSize_TrainsWithinASmallHeap()
    {
        (int code, string output, string error) = RunTrain(["--data", "digits", "--batch-size", "1000000", "--epochs", "1", "--save", "none", "--plot", "none"], "0x10000000");
        Assert.That(code, Is.EqualTo(0), $"{output}\n{error}");
        Assert.That(output, Does.Contain("batch 1437 (all samples)"));
    }

    private string Bomb(string name, byte[] first, byte[] rest)
    {
        byte[] head = Gzip(first), member = Gzip(rest);
        string path = _folder.File(name);
        using var file = File.Create(path);
        file.Write(head);
        for (int i = 1; i < Members; i++)
        {
            file.Write(member);
        }

        Assert.That(file.Length, Is.LessThan(4 << 20), "a small file");
        return path;
    }

    private static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }

    private static void AssertRefused(string data, string name)
    {
        (int code, string output, string error) = RunTrain(["--data", data, "--epochs", "1", "--save", "none", "--plot", "none"], "0x20000000"); // 512 MB
        string[] lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(code, Is.EqualTo(1), $"{output}\n{error}");
        Assert.That(lines, Has.Length.EqualTo(1), error);
        Assert.That(lines[0], Does.StartWith("error: ").And.Contain(name).And.Contain("limit"));
    }

    /// <summary><c>tinytensor train ARGS</c> in a child process whose GC heap is capped at <paramref name="heapLimit"/> bytes (hex).</summary>
    private static (int Code, string Output, string Error) RunTrain(string[] args, string heapLimit)
    {
        var info = new ProcessStartInfo(DeterminismTests.DotnetHost(), [Path.Combine(AppContext.BaseDirectory, "TinyTensor.Cli.dll"), "train", .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["DOTNET_GCHeapHardLimit"] = heapLimit;
        using Process process = Process.Start(info)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"train {string.Join(' ', args)} did not finish within 60 s.");
        }

        return (process.ExitCode, output.Result, error.Result);
    }
}
