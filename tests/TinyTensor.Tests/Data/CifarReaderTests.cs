using TinyTensor.Data;

namespace TinyTensor.Tests.Data;

public sealed class CifarReaderTests
{
    private TestFiles _files = null!;

    [SetUp]
    public void SetUp() => _files = new TestFiles();

    [TearDown]
    public void TearDown() => _files.Dispose();

    [Test]
    public void Records_round_trip_in_channel_major_order()
    {
        string path = _files.Write("data_batch_1.bin", TestFiles.Cifar(6, 0, 9));

        Dataset data = CifarReader.Read(path);

        Assert.That(data.Features.Shape, Is.EqualTo(new[] { 3, 3072 }));
        Assert.That(data.Labels.ToArray(), Is.EqualTo(new[] { 6, 0, 9 }));
        Assert.That(data.ClassCount, Is.EqualTo(10));
        // Record 2: pixel j is (2 + j) mod 256; red plane first, then green (j = 1024 …), then blue (j = 2048 …).
        Assert.That(data.Features[2, 0], Is.EqualTo(2 / 255.0));
        Assert.That(data.Features[2, 1024], Is.EqualTo(((2 + 1024) % 256) / 255.0));
        Assert.That(data.Features[2, 3071], Is.EqualTo(((2 + 3071) % 256) / 255.0));
    }

    [Test]
    public void Several_batches_are_concatenated_in_order()
    {
        string a = _files.Write("a.bin", TestFiles.Cifar(1, 2));
        string b = _files.Write("b.bin.gz", TestFiles.Gzip(TestFiles.Cifar(3)));
        Dataset data = CifarReader.Read([a, b]);
        Assert.That(data.Labels.ToArray(), Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(data.Features[2, 5], Is.EqualTo(5 / 255.0));
    }

    [TestCase(1)]
    [TestCase(3072)]
    [TestCase(3074)]
    [TestCase(2 * 3073 - 1)]
    public void A_length_not_a_multiple_of_3073_is_an_error(int length)
    {
        byte[] content = new byte[length];
        string path = _files.Write("bad.bin", content);
        var e = Assert.Throws<InvalidDataException>(() => CifarReader.Read(path));
        Assert.That(e!.Message, Does.Contain(path).And.Contain("3073"));
    }

    [Test]
    public void An_empty_file_is_an_error()
    {
        string path = _files.Write("empty.bin", []);
        Assert.That(() => CifarReader.Read(path), Throws.TypeOf<InvalidDataException>());
    }

    [Test]
    public void A_label_above_9_is_an_error_naming_the_record()
    {
        string path = _files.Write("bad.bin", TestFiles.Cifar(1, 10));
        var e = Assert.Throws<InvalidDataException>(() => CifarReader.Read(path));
        Assert.That(e!.Message, Does.Contain("record 1").And.Contain("label 10"));
    }

    [Test]
    public void A_missing_file_throws_FileNotFoundException()
    {
        string good = _files.Write("a.bin", TestFiles.Cifar(1));
        Assert.That(() => CifarReader.Read([good, _files.PathOf("missing.bin")]), Throws.TypeOf<FileNotFoundException>());
    }

    [Test]
    public void No_path_is_an_argument_error()
    {
        Assert.That(() => CifarReader.Read(Array.Empty<string>()), Throws.ArgumentException);
    }
}
