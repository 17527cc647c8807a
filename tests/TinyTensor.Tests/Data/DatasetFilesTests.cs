using TinyTensor.Data;

namespace TinyTensor.Tests.Data;

public sealed class DatasetFilesTests
{
    private TestFiles _files = null!;

    [SetUp]
    public void SetUp() => _files = new TestFiles();

    [TearDown]
    public void TearDown() => _files.Dispose();

    [Test]
    public void A_bundled_name_is_not_a_file_to_the_core_library()
    {
        // Bundled names belong to the TinyTensor.Datasets package (BuiltInDatasets); the core reads files only.
        Assert.That(() => DatasetFiles.Load(_files.PathOf("digits")), Throws.TypeOf<FileNotFoundException>());
    }

    [Test]
    public void An_idx_images_file_finds_its_labels_next_to_it()
    {
        string images = _files.Write("train-images-idx3-ubyte.gz", TestFiles.Gzip(TestFiles.IdxImages(2, 2, 2)));
        _files.Write("train-labels-idx1-ubyte.gz", TestFiles.Gzip(TestFiles.IdxLabels(4, 7)));
        Dataset data = DatasetFiles.Load(images);
        Assert.That(data.Labels.ToArray(), Is.EqualTo(new[] { 4, 7 }));
        Assert.That(data.FeatureCount, Is.EqualTo(4));
    }

    [Test]
    public void An_idx_images_file_without_labels_names_the_expected_file()
    {
        string images = _files.Write("t10k-images-idx3-ubyte", TestFiles.IdxImages(2, 2, 2));
        Assert.That(() => DatasetFiles.Load(images),
            Throws.TypeOf<FileNotFoundException>().With.Message.Contains("t10k-labels-idx1-ubyte"));
    }

    [Test]
    public void An_idx_labels_file_asks_for_the_images()
    {
        string labels = _files.Write("labels-idx1-ubyte", TestFiles.IdxLabels(1));
        Assert.That(() => DatasetFiles.Load(labels), Throws.TypeOf<InvalidDataException>().With.Message.Contains("images"));
    }

    [Test]
    public void Bin_files_are_cifar_and_others_csv()
    {
        Assert.That(DatasetFiles.Load(_files.Write("test_batch.bin", TestFiles.Cifar(3, 4))).FeatureCount, Is.EqualTo(3072));
        Dataset csv = DatasetFiles.Load(_files.WriteText("d.txt", "2,4,1\n6,8,0\n"), csvFeatureScale: 2);
        Assert.That(csv.Features.ToArray(), Is.EqualTo(new[] { 1.0, 2, 3, 4 }));
    }

    [Test]
    public void A_missing_file_is_FileNotFoundException_naming_it()
    {
        Assert.That(() => DatasetFiles.Load(_files.PathOf("nothing.csv")),
            Throws.TypeOf<FileNotFoundException>().With.Message.Contains(_files.PathOf("nothing.csv")));
    }
}
