using TinyTensor.Data;

namespace TinyTensor.Tests.Data;

public sealed class IdxReaderTests
{
    private TestFiles _files = null!;

    [SetUp]
    public void SetUp() => _files = new TestFiles();

    [TearDown]
    public void TearDown() => _files.Dispose();

    [TestCase(false)]
    [TestCase(true)]
    public void Images_round_trip_as_rows_of_pixels_over_255(bool gzipped)
    {
        byte[] content = TestFiles.IdxImages(3, 2, 4);
        string path = _files.Write("images.idx", gzipped ? TestFiles.Gzip(content) : content);

        Tensor images = IdxReader.ReadImages(path);

        Assert.That(images.Shape, Is.EqualTo(new[] { 3, 8 }));
        byte[] pixels = TestFiles.Pattern(24);
        double[] expected = pixels.Select(b => b / 255.0).ToArray();
        Assert.That(images.ToArray(), Is.EqualTo(expected));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Images_and_labels_read_into_a_dataset(bool gzipped)
    {
        byte[] images = TestFiles.IdxImages(4, 3, 3), labels = TestFiles.IdxLabels(3, 0, 9, 1);
        string imagesPath = _files.Write("i", gzipped ? TestFiles.Gzip(images) : images);
        string labelsPath = _files.Write("l", gzipped ? TestFiles.Gzip(labels) : labels);

        Dataset data = IdxReader.Read(imagesPath, labelsPath);

        Assert.That(data.Count, Is.EqualTo(4));
        Assert.That(data.FeatureCount, Is.EqualTo(9));
        Assert.That(data.ClassCount, Is.EqualTo(10));
        Assert.That(data.Labels.ToArray(), Is.EqualTo(new[] { 3, 0, 9, 1 }));
        Assert.That(data.Features[1, 0], Is.EqualTo((byte)(9 * 7) / 255.0));
    }

    [Test]
    public void Extreme_pixels_map_to_0_and_1()
    {
        string path = _files.Write("i", TestFiles.Idx(0x803, [1, 1, 2], [0, 255]));
        Assert.That(IdxReader.ReadImages(path).ToArray(), Is.EqualTo(new[] { 0.0, 1.0 }));
    }

    [Test]
    public void A_missing_file_throws_FileNotFoundException_naming_it()
    {
        string path = _files.PathOf("nope-idx3-ubyte");
        var e = Assert.Throws<FileNotFoundException>(() => IdxReader.ReadImages(path));
        Assert.That(e!.FileName, Is.EqualTo(path));
        Assert.That(e.Message, Does.Contain(path));
    }

    [Test]
    public void A_labels_file_given_as_images_is_a_wrong_magic()
    {
        string path = _files.Write("labels", TestFiles.IdxLabels(1, 2));
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));
        Assert.That(e!.Message, Does.Contain(path).And.Contain("0x00000801").And.Contain("0x00000803"));
    }

    [Test]
    public void An_images_file_given_as_labels_is_a_wrong_magic()
    {
        string path = _files.Write("images", TestFiles.IdxImages(1, 2, 2));
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadLabels(path));
        Assert.That(e!.Message, Does.Contain("magic"));
    }

    [Test]
    public void A_non_idx_file_is_a_wrong_magic()
    {
        string path = _files.WriteText("text.csv", "1,2,3\n4,5,6\n");
        Assert.That(() => IdxReader.ReadImages(path), Throws.TypeOf<InvalidDataException>().With.Message.Contains("magic"));
    }

    [Test]
    public void A_truncated_body_is_an_error()
    {
        byte[] content = TestFiles.IdxImages(2, 2, 2);
        string path = _files.Write("i", content[..^1]);
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));
        Assert.That(e!.Message, Does.Contain(path).And.Contain("truncated"));
    }

    [Test]
    public void Trailing_bytes_are_an_error()
    {
        string path = _files.Write("l", [.. TestFiles.IdxLabels(1, 2, 3), 0, 0]);
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.ReadLabels(path));
        Assert.That(e!.Message, Does.Contain("2 trailing bytes"));
    }

    [Test]
    public void A_truncated_header_is_an_error()
    {
        string path = _files.Write("i", TestFiles.IdxImages(2, 2, 2)[..10]);
        Assert.That(() => IdxReader.ReadImages(path), Throws.TypeOf<InvalidDataException>().With.Message.Contains("header"));
    }

    [Test]
    public void A_zero_dimension_is_an_error()
    {
        string path = _files.Write("i", TestFiles.Idx(0x803, [0, 28, 28], []));
        Assert.That(() => IdxReader.ReadImages(path), Throws.TypeOf<InvalidDataException>().With.Message.Contains("size 0"));
    }

    [TestCase(0x7FFFFFFFu)]
    [TestCase(0xFFFFFFFFu)]
    public void A_huge_declared_count_is_rejected_before_allocating(uint count)
    {
        // 2^31 − 1 (or 2^32 − 1) images of 28×28 would be terabytes; the file holds 4 bytes of pixels.
        byte[] content = TestFiles.Idx(0x803, [1, 28, 28], [1, 2, 3, 4]);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(content.AsSpan(4), count);
        string path = _files.Write("i", content);
        Assert.That(() => IdxReader.ReadImages(path), Throws.TypeOf<InvalidDataException>());
    }

    [Test]
    public void Image_and_label_counts_must_agree()
    {
        string images = _files.Write("i", TestFiles.IdxImages(3, 2, 2));
        string labels = _files.Write("l", TestFiles.IdxLabels(1, 2));
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.Read(images, labels));
        Assert.That(e!.Message, Does.Contain(images).And.Contain(labels).And.Contain("3 images").And.Contain("2 labels"));
    }

    [Test]
    public void A_label_outside_the_classes_is_an_error()
    {
        string images = _files.Write("i", TestFiles.IdxImages(3, 2, 2));
        string labels = _files.Write("l", TestFiles.IdxLabels(1, 10, 2));
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.Read(images, labels));
        Assert.That(e!.Message, Does.Contain("label 10 at index 1"));
    }

    [Test]
    public void A_truncated_gzip_file_is_an_error()
    {
        byte[] gz = TestFiles.Gzip(TestFiles.IdxImages(5, 4, 4));
        string path = _files.Write("i.gz", gz[..^5]);
        Assert.That(() => IdxReader.ReadImages(path), Throws.TypeOf<InvalidDataException>().With.Message.Contains(path));
    }

    [Test]
    public void Bytes_after_the_gzip_member_are_an_error()
    {
        string path = _files.Write("l.gz", [.. TestFiles.Gzip(TestFiles.IdxLabels(1, 2)), 7, 7, 7]);
        Assert.That(() => IdxReader.ReadLabels(path), Throws.TypeOf<InvalidDataException>());
    }

    [Test]
    public void Every_truncation_of_a_plain_or_gzipped_file_gives_InvalidDataException()
    {
        byte[] plain = TestFiles.IdxImages(3, 2, 2);
        foreach ((string name, byte[] content) in new[] { ("plain", plain), ("gzipped", TestFiles.Gzip(plain)) })
        {
            for (int length = 0; length < content.Length; length++)
            {
                string path = _files.Write($"{name}-{length}", content[..length]);
                Assert.That(() => IdxReader.ReadImages(path), Throws.TypeOf<InvalidDataException>(), $"{name} cut to {length} bytes");
            }
        }
    }

    [Test]
    public void Every_single_byte_change_of_the_header_gives_a_dataset_or_InvalidDataException()
    {
        byte[] content = TestFiles.IdxImages(2, 3, 3);
        for (int position = 0; position < 16; position++)
        {
            foreach (byte value in new byte[] { 0x00, 0x01, 0x7F, 0x80, 0xFF })
            {
                byte[] changed = (byte[])content.Clone();
                changed[position] = value;
                string path = _files.Write($"h-{position}-{value}", changed);
                Assert.That(() =>
                {
                    try
                    {
                        IdxReader.ReadImages(path);
                    }
                    catch (InvalidDataException)
                    {
                    }
                }, Throws.Nothing, $"byte {position} set to 0x{value:X2}");
            }
        }
    }
}
