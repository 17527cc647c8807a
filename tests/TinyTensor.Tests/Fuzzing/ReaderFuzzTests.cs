using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using TinyTensor.Data;
using TinyTensor.Layers;
using TinyTensor.Serialization;
using TinyTensor.Tests.Data;
using TinyTensor.Tests.Serialization;

namespace TinyTensor.Tests.Fuzzing;

/// <summary>
/// Mutation fuzzing of every reader with a fixed seed: bit flips, truncations, inserted bytes, overwritten bytes and
/// huge declared sizes applied to a valid model file, IDX file (plain and gzipped) and CIFAR-10 batch. Every outcome
/// must be a successful load or an <see cref="InvalidDataException"/>: no other exception, no hang (each load is
/// timed, the whole loop runs under a deadline) and no allocation beyond what the file justifies
/// (<see cref="AllocationBound"/>, measured with <see cref="GC.GetAllocatedBytesForCurrentThread"/>).
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ReaderFuzzTests
{
    public const int ModelIterations = 20_000;
    public const int IdxIterations = 10_000;
    public const int CifarIterations = 5_000;
    public const int LabelsIterations = 5_000;
    public const int CsvIterations = 5_000;

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private TestFiles _files = null!;

    [OneTimeSetUp]
    public void SetUp() => _files = new TestFiles();

    [OneTimeTearDown]
    public void TearDown() => _files.Dispose();

    /// <summary>64 × the file plus 1 MB: a load may decode doubles (8 bytes per byte of IDX/CIFAR pixels), gunzip,
    /// buffer a FileStream; anything past that means a declared size was trusted.</summary>
    public static long AllocationBound(long fileLength, long contentLength) => (64 * Math.Max(fileLength, contentLength)) + (1 << 20);

    [Test]
    public void ModelFile_MutatedThousandsOfTimes_LoadsOrThrowsInvalidDataException()
    {
        byte[] valid = ModelFileTestData.Bytes(ModelFileTestData.AllLayerTypes());
        FuzzSummary summary = Fuzz(valid, ModelIterations, seed: 1, MutateModel, bytes =>
        {
            using var stream = new MemoryStream(bytes, writable: false);
            return ModelFile.Load(stream);
        }, _ => 0);

        TestContext.Out.WriteLine($"model file ({valid.Length} bytes): {summary}");
        Assert.That(summary.Rejected, Is.GreaterThan(ModelIterations / 2), "most mutations are caught");
    }

    [TestCase(false)]
    [TestCase(true)]
    public void IdxImages_MutatedThousandsOfTimes_LoadOrThrowInvalidDataException(bool gzipped)
    {
        byte[] plain = TestFiles.IdxImages(6, 28, 28);
        byte[] valid = gzipped ? TestFiles.Gzip(plain) : plain;
        FuzzSummary summary = Fuzz(valid, IdxIterations, seed: gzipped ? 3u : 2u, (rng, bytes) => MutateIdx(rng, bytes, gzipped), bytes =>
        {
            using var stream = new MemoryStream(bytes, writable: false);
            byte[] content = DataFile.ReadAllBytes(stream, "fuzz");
            return IdxReader.ParseImages(content, "fuzz");
        }, bytes => plain.Length);

        TestContext.Out.WriteLine($"IDX images{(gzipped ? " (gzip)" : "")} ({valid.Length} bytes): {summary}");
        Assert.That(summary.Rejected, Is.GreaterThan(IdxIterations / 2));
    }

    [Test]
    public void IdxLabels_MutatedThousandsOfTimes_LoadOrThrowInvalidDataException()
    {
        byte[] valid = TestFiles.IdxLabels(3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9);
        FuzzSummary summary = Fuzz(valid, LabelsIterations, seed: 5, MutateBytes, bytes =>
        {
            using var stream = new MemoryStream(bytes, writable: false);
            return IdxReader.ParseLabels(DataFile.ReadAllBytes(stream, "fuzz"), "fuzz");
        }, _ => 0);

        TestContext.Out.WriteLine($"IDX labels ({valid.Length} bytes): {summary}");
        Assert.That(summary.Rejected, Is.GreaterThan(LabelsIterations / 4));
    }

    [Test]
    public void Csv_MutatedThousandsOfTimes_LoadsOrThrowsInvalidDataException()
    {
        byte[] valid = Encoding.UTF8.GetBytes("f0,f1,f2,label\n0.5,1e-3,-2,0\n3,4,5,2\n6,7.25,8,1\n9,10,11,0\n");
        FuzzSummary summary = Fuzz(valid, CsvIterations, seed: 6, MutateBytes,
            bytes => CsvReader.Parse(bytes, "fuzz", 1.0, CsvReader.LastColumn, 0, CsvHeader.Detect), _ => 0);

        TestContext.Out.WriteLine($"CSV ({valid.Length} bytes): {summary}");
        Assert.That(summary.Rejected, Is.GreaterThan(CsvIterations / 4));
    }

    [Test]
    public void CifarBatch_MutatedThousandsOfTimes_LoadsOrThrowsInvalidDataException()
    {
        byte[] valid = TestFiles.Cifar(0, 9, 3);
        string path = _files.PathOf("fuzz.bin");
        FuzzSummary summary = Fuzz(valid, CifarIterations, seed: 4, MutateCifar, bytes =>
        {
            File.WriteAllBytes(path, bytes);
            return CifarReader.Read(path);
        }, _ => 0);

        TestContext.Out.WriteLine($"CIFAR-10 batch ({valid.Length} bytes): {summary}");
        Assert.That(summary.Rejected, Is.GreaterThan(CifarIterations / 4));
    }

    private sealed record FuzzSummary(int Iterations, int Loaded, int Rejected, TimeSpan Slowest, long MostAllocated)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Iterations} mutants: {Loaded} loaded, {Rejected} InvalidDataException; slowest load {Slowest.TotalMilliseconds:F1} ms, most allocated {MostAllocated:N0} bytes");
    }

    /// <summary>Applies <paramref name="mutate"/> to copies of <paramref name="valid"/> and loads each one.</summary>
    private static FuzzSummary Fuzz(byte[] valid, int iterations, uint seed, Func<System.Random, byte[], byte[]> mutate,
        Func<byte[], object> load, Func<byte[], long> contentLength)
    {
        FuzzSummary? summary = null;
        var task = Task.Factory.StartNew(() =>
        {
            var rng = new System.Random((int)seed);
            int loaded = 0, rejected = 0;
            TimeSpan slowest = TimeSpan.Zero;
            long mostAllocated = 0;
            load(valid); // warm up: the first call's JIT and static set-up are not the reader's doing
            for (int i = 0; i < iterations; i++)
            {
                byte[] mutant = mutate(rng, (byte[])valid.Clone());
                long before = GC.GetAllocatedBytesForCurrentThread();
                long start = Stopwatch.GetTimestamp();
                try
                {
                    load(mutant);
                    loaded++;
                }
                catch (InvalidDataException)
                {
                    rejected++;
                }
                catch (Exception e)
                {
                    Assert.Fail($"mutant {i} (seed {seed}, {mutant.Length} bytes) threw {e.GetType().Name}: {e.Message}\n{Convert.ToHexString(mutant.AsSpan(0, Math.Min(mutant.Length, 96)))}");
                }

                TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                long bound = AllocationBound(mutant.Length, contentLength(mutant));
                if (allocated > bound)
                {
                    Assert.Fail($"mutant {i} (seed {seed}, {mutant.Length} bytes) allocated {allocated:N0} bytes, more than {bound:N0}.");
                }

                if (elapsed > TimeSpan.FromSeconds(1))
                {
                    Assert.Fail($"mutant {i} (seed {seed}) took {elapsed.TotalSeconds:F1} s to load or reject.");
                }

                slowest = elapsed > slowest ? elapsed : slowest;
                mostAllocated = Math.Max(mostAllocated, allocated);
            }

            summary = new FuzzSummary(iterations, loaded, rejected, slowest, mostAllocated);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        Assert.That(task.Wait(Deadline), Is.True, $"the fuzz loop did not finish within {Deadline.TotalSeconds} s: a load hangs");
        task.GetAwaiter().GetResult();
        return summary!;
    }

    /// <summary>One of the generic mutations, chosen at random.</summary>
    private static byte[] MutateBytes(System.Random rng, byte[] bytes)
    {
        switch (rng.Next(5))
        {
            case 0: // flip 1–8 bits
                int flips = rng.Next(1, 9);
                for (int f = 0; f < flips && bytes.Length > 0; f++)
                {
                    bytes[rng.Next(bytes.Length)] ^= (byte)(1 << rng.Next(8));
                }

                return bytes;
            case 1: // truncate
                return bytes[..rng.Next(bytes.Length)];
            case 2: // insert 1–16 random bytes
                {
                    int at = rng.Next(bytes.Length + 1);
                    byte[] extra = new byte[rng.Next(1, 17)];
                    rng.NextBytes(extra);
                    return [.. bytes.AsSpan(0, at), .. extra, .. bytes.AsSpan(at)];
                }

            case 3: // overwrite a run of 1–8 bytes with an extreme value
                {
                    int at = rng.Next(bytes.Length);
                    byte fill = rng.Next(3) switch { 0 => 0x00, 1 => 0xFF, _ => 0x7F };
                    bytes.AsSpan(at, Math.Min(rng.Next(1, 9), bytes.Length - at)).Fill(fill);
                    return bytes;
                }

            default: // append 1–64 bytes
                {
                    byte[] extra = new byte[rng.Next(1, 65)];
                    rng.NextBytes(extra);
                    return [.. bytes, .. extra];
                }
        }
    }

    private static readonly string[] HugeNumbers =
    [
        "4294967296", "2147483647", "2147483648", "9223372036854775807", "18446744073709551615", "99999999999999999999999",
        "1e308", "-1", "0", "100000000", "1.5",
    ];

    /// <summary>Generic mutations, plus huge declared sizes: the 8-byte header length, or a number in the JSON
    /// header (a shape, an offset, a layer size) replaced by an extreme one with the length prefix fixed up so the
    /// header still parses.</summary>
    private static byte[] MutateModel(System.Random rng, byte[] bytes)
    {
        switch (rng.Next(4))
        {
            case 0:
                BinaryPrimitives.WriteUInt64LittleEndian(bytes, rng.Next(3) switch
                {
                    0 => ulong.MaxValue - (ulong)rng.Next(1000),
                    1 => (ulong)rng.NextInt64(0, ModelFile.MaxHeaderLength + 2L),
                    _ => BinaryPrimitives.ReadUInt64LittleEndian(bytes) + (ulong)rng.Next(-8, 9),
                });
                return bytes;
            case 1:
                {
                    int n = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
                    string header = Encoding.UTF8.GetString(bytes, 8, n);
                    var numbers = System.Text.RegularExpressions.Regex.Matches(header, "[0-9]+");
                    var pick = numbers[rng.Next(numbers.Count)];
                    string mutated = header[..pick.Index] + HugeNumbers[rng.Next(HugeNumbers.Length)] + header[(pick.Index + pick.Length)..];
                    return ModelFileTestData.Join(mutated, bytes[(8 + n)..]);
                }

            default:
                return MutateBytes(rng, bytes);
        }
    }

    /// <summary>Generic mutations, plus huge declared sizes in the IDX header (before gzipping, if gzipped).</summary>
    private static byte[] MutateIdx(System.Random rng, byte[] bytes, bool gzipped)
    {
        if (rng.Next(3) != 0)
        {
            return MutateBytes(rng, bytes);
        }

        byte[] plain = gzipped ? Gunzip(bytes) : bytes;
        int dimension = rng.Next(3);
        uint size = rng.Next(4) switch
        {
            0 => uint.MaxValue,
            1 => (uint)int.MaxValue,
            2 => 0x0001_0000,
            _ => (uint)rng.Next(0, 100),
        };
        BinaryPrimitives.WriteUInt32BigEndian(plain.AsSpan(4 + (4 * dimension)), size);
        return gzipped ? TestFiles.Gzip(plain) : plain;
    }

    /// <summary>Generic mutations, plus a label byte set to a random value.</summary>
    private static byte[] MutateCifar(System.Random rng, byte[] bytes)
    {
        if (rng.Next(4) == 0)
        {
            bytes[rng.Next(3) * CifarReader.RecordBytes] = (byte)rng.Next(256);
            return bytes;
        }

        return MutateBytes(rng, bytes);
    }

    private static byte[] Gunzip(byte[] gz)
    {
        using var input = new MemoryStream(gz);
        using var gzip = new System.IO.Compression.GZipStream(input, System.IO.Compression.CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }
}
