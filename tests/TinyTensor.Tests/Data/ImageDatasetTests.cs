using TinyTensor.Data;

namespace TinyTensor.Tests.Data;

/// <summary>Image data sets: IDX and CIFAR-10 samples keep their (C, H, W) shape beside the flat features, subsets and
/// batches keep it, and a sample shape that does not hold the features is refused.</summary>
[TestFixture]
public sealed class ImageDatasetTests
{
    private readonly TestFiles _files = new();

    [OneTimeTearDown]
    public void TearDown() => _files.Dispose();

    [Test]
    public void IdxImages_AreSamplesOfOneChannel_WithTheFlatFeaturesBeside()
    {
        string images = _files.Write("img.idx", TestFiles.IdxImages(3, 4, 5));
        string labels = _files.Write("lbl.idx", TestFiles.IdxLabels(0, 1, 2));

        Dataset data = IdxReader.Read(images, labels);

        Assert.That(data.SampleShape, Is.EqualTo(new[] { 1, 4, 5 }));
        Assert.That(data.Samples.Shape, Is.EqualTo(new[] { 3, 1, 4, 5 }));
        Assert.That(data.Features.Shape, Is.EqualTo(new[] { 3, 20 }));
        Assert.That(data.Samples[2, 0, 3, 1], Is.EqualTo(data.Features[2, 16]));
        Assert.That(data.Samples.ToArray(), Is.EqualTo(data.Features.ToArray()));
    }

    [Test]
    public void CifarRecords_AreThreeChannelImages_InPyTorchsLayout()
    {
        string path = _files.Write("data_batch.bin", TestFiles.Cifar(3, 7));

        Dataset data = CifarReader.Read(path);

        Assert.That(data.Samples.Shape, Is.EqualTo(new[] { 2, 3, 32, 32 }));
        // Record 1, channel 2 (blue), row 5, column 9 is pixel byte 2·1024 + 5·32 + 9 of the record.
        Assert.That(data.Samples[1, 2, 5, 9], Is.EqualTo(((1 + (2 * 1024) + (5 * 32) + 9) % 256) / 255.0));
    }

    [Test]
    public void SubsetsSplitsAndBatches_KeepTheSampleShape()
    {
        Dataset data = new Dataset(new RandomState(1).Rand(10, 12), [0, 1, 0, 1, 0, 1, 0, 1, 0, 1], 2).WithSampleShape(3, 2, 2);

        Assert.That(data.Subset([4, 2]).Samples.Shape, Is.EqualTo(new[] { 2, 3, 2, 2 }));
        Assert.That(data.Subset([4, 2]).Samples.ToArray(), Is.EqualTo(data.Features.Slice(4, 5).ToArray().Concat(data.Features.Slice(2, 3).ToArray())));
        DatasetSplit split = data.Split(3, new RandomState(2));
        Assert.That(split.Validation.SampleShape, Is.EqualTo(new[] { 3, 2, 2 }));
        var loader = new DataLoader(split.Train, 4);
        Batch[] batches = [.. Enumerate(loader)];
        Assert.That(batches[0].Samples.Shape, Is.EqualTo(new[] { 4, 3, 2, 2 }));
        Assert.That(batches[0].Features.Shape, Is.EqualTo(new[] { 4, 12 }));
    }

    [Test]
    public void FlatDataSets_HaveSamplesThatAreTheirFeatures()
    {
        var data = new Dataset(new Tensor(4, 3), [0, 1, 0, 1], 2);
        Assert.That(data.SampleShape, Is.EqualTo(new[] { 3 }));
        Assert.That(data.Samples, Is.SameAs(data.Features));
        Assert.That(Enumerate(new DataLoader(data, 2)).First().Samples.Shape, Is.EqualTo(new[] { 2, 3 }));
    }

    [Test]
    public void ASampleShapeThatDoesNotHoldTheFeatures_IsRefused()
    {
        var data = new Dataset(new Tensor(4, 12), [0, 1, 0, 1], 2);
        Assert.That(() => data.WithSampleShape(1, 3, 3),
            Throws.ArgumentException.With.Message.Contains("samples of shape (1, 3, 3) do not hold the 12 features").And.Property("ParamName").EqualTo("sampleShape"));
        Assert.That(() => data.WithSampleShape(0, 12), Throws.ArgumentException);
    }

    private static List<Batch> Enumerate(DataLoader loader)
    {
        var list = new List<Batch>();
        foreach (Batch batch in loader.Batches())
        {
            list.Add(batch);
        }

        return list;
    }
}
