using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using TinyTensor.Data;

namespace TinyTensor.Tests.Data;

/// <summary>Classes 2–5 of issue 13 in the readers: bounded memory, non-seekable inputs, multi-member gzip, IDX by
/// magic, the CSV header rule, label columns, unlabeled data, and batch sizes that used to overflow.</summary>
[TestFixture]
public sealed class HostileInputTests
{
    private TestFiles _files = null!;

    [SetUp]
    public void SetUp() => _files = new TestFiles();

    [TearDown]
    public void TearDown() => _files.Dispose();

    private static readonly DataLimits Small = new() { MaxBytes = 1 << 20 };

    private static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }

    [Test]
    public void AGzipBomb_StopsAtTheLimit_NamingFileAndLimit()
    {
        string path = _files.Write("bomb.csv.gz", Gzip(new byte[8 << 20]));
        Assert.That(() => DatasetFiles.Load(path, new DataFileOptions { Limits = Small }),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("bomb.csv.gz").And.Message.Contains("limit is 1048576 bytes"));
    }

    [Test]
    public void ATensorLargerThanTheLimit_IsRefusedBeforeAllocation()
    {
        // 40,000 cells of one row: 320 KB of doubles, limit 100 KB, content 80 KB.
        string row = string.Join(',', Enumerable.Repeat("0", 40_000));
        string path = _files.WriteText("wide.csv", row + "\n");
        Assert.That(() => DatasetFiles.Load(path, new DataFileOptions { Limits = new DataLimits { MaxBytes = 100_000 } }),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("319992 bytes"));
    }

    [Test]
    public void AHugeLabel_IsRefusedByTheClassLimit()
    {
        string path = _files.WriteText("d.csv", "1,0\n2,3000000\n");
        Assert.That(() => CsvReader.Read(path),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("3000001 classes").And.Message.Contains("line 2"));
    }

    [Test]
    public void AMultiMemberGzip_ReadsLikeZcat()
    {
        byte[] two = [.. Gzip("1,2,0\n3,4,1\n"u8.ToArray()), .. Gzip("5,6,0\n"u8.ToArray())];
        Dataset data = CsvReader.Read(_files.Write("multi.csv.gz", two));
        Assert.That(data.Count, Is.EqualTo(3));
        Assert.That(data.Labels.ToArray(), Is.EqualTo(new[] { 0, 1, 0 }));
    }

    [TestCase(1)]
    [TestCase(4)]
    [TestCase(9)]
    public void ATruncatedMultiMemberGzip_IsAnError(int cut)
    {
        byte[] two = [.. Gzip("1,2,0\n3,4,1\n"u8.ToArray()), .. Gzip(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("5,6,0\n", 100))))];
        string path = _files.Write("cut.csv.gz", two[..^cut]);
        Assert.That(() => CsvReader.Read(path), Throws.TypeOf<InvalidDataException>().With.Message.Contains("truncated"));
    }

    [Test]
    public void AFifo_IsReadToItsEnd()
    {
        string fifo = _files.PathOf("pipe.csv");
        using (Process mkfifo = Process.Start("mkfifo", [fifo])!)
        {
            mkfifo.WaitForExit();
        }

        var writer = Task.Run(() => File.WriteAllText(fifo, "1,2,0\n3,4,1\n"));
        Dataset data = DatasetFiles.Load(fifo);
        writer.Wait();
        Assert.That(data.Count, Is.EqualTo(2));
    }

    [Test]
    public void AProcFile_IsNotEmpty() =>
        Assert.That(() => DatasetFiles.Load("/proc/self/status"),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("line 1 has 1 column"), "read (its length says 0), then refused as CSV");

    [Test]
    public void AnEndlessDevice_StopsAtTheLimit() =>
        Assert.That(() => DatasetFiles.Load("/dev/zero", new DataFileOptions { Limits = Small }),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("limit"));

    [Test]
    public void ADirectory_IsNamedAsADirectory() =>
        Assert.That(() => DatasetFiles.Load(_files.Folder), Throws.InstanceOf<IOException>().With.Message.Contains("is a directory"));

    [Test]
    public void IdxImages_AreRecognisedByMagic_WhateverTheName()
    {
        string images = _files.Write("pictures.dat", TestFiles.Idx(IdxReader.ImagesMagic, [2, 2, 2], [0, 255, 0, 0, 1, 1, 1, 1]));
        Assert.That(() => DatasetFiles.Load(images),
            Throws.TypeOf<FileNotFoundException>().With.Message.Contains("No labels file").And.Message.Contains("pictures.dat"));
        Tensor features = DatasetFiles.LoadFeatures(images, 4, new DataFileOptions());
        Assert.That(features.Dim(0), Is.EqualTo(2));
    }

    [Test]
    public void AFourDimensionalIdx_SaysWhatItIs()
    {
        string path = _files.Write("x-images-idx3-ubyte", TestFiles.Idx(0x00000804, [1, 1, 1, 1], [7]));
        Assert.That(() => DatasetFiles.Load(path), Throws.TypeOf<InvalidDataException>().With.Message.Contains("4 dimensions"));
    }

    [TestCase("x,2,0\n1,2,1\n", "line 1, column 1")]
    [TestCase(",a,b\n1,2,1\n", "line 1, column 1")]
    [TestCase("1,x,label\n1,2,1\n", "line 1, column 2")]
    public void AFirstRowThatIsNotAllText_IsData_AndItsBadCellAnError(string text, string where)
    {
        string path = _files.WriteText("d.csv", text);
        Assert.That(() => CsvReader.Read(path), Throws.TypeOf<InvalidDataException>().With.Message.Contains(where));
    }

    [Test]
    public void Utf16WithAByteOrderMark_IsRead()
    {
        byte[] text = [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("f1,label\n1.5,1\n2,0\n")];
        Dataset data = CsvReader.Read(_files.Write("u16.csv", text));
        Assert.That(data.Features.AsReadOnlySpan().ToArray(), Is.EqualTo(new[] { 1.5, 2 }));
    }

    [Test]
    public void AFirstRowOfText_IsAHeader() =>
        Assert.That(CsvReader.Read(_files.WriteText("d.csv", "f1,f2,label\n1,2,1\n")).Count, Is.EqualTo(1));

    [Test]
    public void TheLabelColumn_CanBeNamedOrIndexed()
    {
        string path = _files.WriteText("d.csv", "kind,f1,f2\n1,0.5,0.25\n0,1,2\n");
        Dataset byName = CsvReader.Read(path, "kind");
        Dataset byIndex = DatasetFiles.Load(path, new DataFileOptions { LabelColumn = "0" });
        Assert.That(byName.Labels.ToArray(), Is.EqualTo(new[] { 1, 0 }));
        Assert.That(byIndex.Labels.ToArray(), Is.EqualTo(new[] { 1, 0 }));
        Assert.That(byName.Features.AsReadOnlySpan().ToArray(), Is.EqualTo(new[] { 0.5, 0.25, 1, 2 }));
        Assert.That(() => CsvReader.Read(path, "nope"), Throws.TypeOf<InvalidDataException>().With.Message.Contains("no column is called 'nope'"));
    }

    [Test]
    public void UnlabeledCsv_LoadsAsFeatures()
    {
        string path = _files.WriteText("d.csv", "1,2\n3,4\n");
        Assert.That(DatasetFiles.LoadFeatures(path, 2, new DataFileOptions()).AsReadOnlySpan().ToArray(), Is.EqualTo(new double[] { 1, 2, 3, 4 }));
        Assert.That(DatasetFiles.LoadFeatures(path, 1, new DataFileOptions()).AsReadOnlySpan().ToArray(), Is.EqualTo(new double[] { 1, 3 }), "one column more: the last is the label");
    }

    [TestCase(int.MaxValue)]
    [TestCase(int.MaxValue - 1)]
    [TestCase(1_000_000)]
    public void ABatchSizeAboveN_IsOneBatchOfN(int batchSize)
    {
        var data = new Dataset(Tensor.FromArray(new double[,] { { 1 }, { 2 }, { 3 } }), [0, 1, 0], 2);
        var loader = new DataLoader(data, batchSize);
        Assert.That(loader.BatchCount, Is.EqualTo(1));
        Assert.That(loader.BatchSize, Is.EqualTo(3));
        int batches = 0;
        foreach (Batch batch in loader.Batches())
        {
            Assert.That(batch.Count, Is.EqualTo(3));
            batches++;
        }

        Assert.That(batches, Is.EqualTo(1));
    }

    [Test]
    public void BatchProgress_CountsTheBatchesDoneInEachEpoch()
    {
        var data = new Dataset(new Tensor(10, 1), new int[10], 1);
        var reports = new List<int>();
        var loader = new DataLoader(data, 4) { BatchProgress = new Recorder(reports) };
        for (int epoch = 0; epoch < 2; epoch++)
        {
            foreach (Batch batch in loader.Batches())
            {
                Assert.That(batch.Count, Is.GreaterThan(0));
            }
        }

        Assert.That(reports, Is.EqualTo(new[] { 0, 1, 2, 3, 0, 1, 2, 3 }));
    }

    /// <summary>Records synchronously (<see cref="Progress{T}"/> would post to a thread pool).</summary>
    private sealed class Recorder(List<int> reports) : IProgress<int>
    {
        public void Report(int value) => reports.Add(value);
    }
}
