using TinyTensor.Data;

namespace TinyTensor.Tests.Data;

/// <summary>Data sets and loaders in a requested element type: batches hold exactly the converted rows, in the same
/// order as float64 batches, in buffers reused from the second epoch on.</summary>
[TestFixture]
public sealed class Float32DataTests
{
    private static Dataset Data(int n = 23, int d = 5)
    {
        Tensor features = new RandomState(3).Randn(n, d);
        return new Dataset(features, Enumerable.Range(0, n).Select(i => i % 3).ToArray(), 3);
    }

    [TestCase(DType.Float32)]
    [TestCase(DType.Float64)]
    public void BatchesInAType_HoldTheRowsOfTheConvertedFeatures_InTheFloat64Order(DType dtype)
    {
        Dataset data = Data();
        var loader = new DataLoader(data, 8, shuffle: true, random: new RandomState(4));
        var reference = new DataLoader(data, 8, shuffle: true, random: new RandomState(4));
        double[] converted = data.Features.To(dtype).ToArray();
        for (int epoch = 0; epoch < 2; epoch++)
        {
            BatchEnumerator expected = reference.Batches();
            foreach (Batch batch in loader.Batches(dtype))
            {
                Assert.That(expected.MoveNext(), Is.True);
                Assert.That(batch.Features.DType, Is.EqualTo(dtype));
                Assert.That(batch.Labels.ToArray(), Is.EqualTo(expected.Current.Labels.ToArray()));
                int start = batch.Index * loader.BatchSize;
                double[] rows = loader.Order.Slice(start, batch.Count).ToArray()
                    .SelectMany(i => converted.Skip(i * data.FeatureCount).Take(data.FeatureCount)).ToArray();
                Assert.That(batch.Features.ToArray(), Is.EqualTo(rows), $"epoch {epoch}, batch {batch.Index}");
            }

            Assert.That(expected.MoveNext(), Is.False);
        }
    }

    [Test]
    public void Float32Batches_OfImageSamples_AreFloat32Views()
    {
        Dataset data = Data(6, 4).WithSampleShape(1, 2, 2);
        var loader = new DataLoader(data, 4);
        foreach (Batch batch in loader.Batches(DType.Float32))
        {
            Assert.That(batch.Samples.DType, Is.EqualTo(DType.Float32));
            Assert.That(batch.Samples.Shape, Is.EqualTo(new[] { batch.Count, 1, 2, 2 }));
        }
    }

    [TestCase(DType.Float32)]
    [TestCase(DType.Float64)]
    public void AnEpochOfBatches_AfterTheFirst_AllocatesNothing(DType dtype)
    {
        var loader = new DataLoader(Data(), 8, shuffle: true, random: new RandomState(4));
        double sum = 0;
        void Epoch()
        {
            foreach (Batch batch in loader.Batches(dtype))
            {
                sum += batch.Features[0, 0];
            }
        }

        Epoch();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Epoch();
        Epoch();
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        Assert.That(double.IsFinite(sum), Is.True);
    }

    [Test]
    public void Batches_WithoutAType_KeepTheDatasetsType()
    {
        Dataset data = Data().To(DType.Float32);
        var loader = new DataLoader(data, 8);
        foreach (Batch batch in loader.Batches())
        {
            Assert.That(batch.Features.DType, Is.EqualTo(DType.Float32));
        }

        foreach (Batch batch in loader.Batches(DType.Float64))
        {
            // float32 → float64 is exact.
            Assert.That(batch.Features.ToArray(), Is.EqualTo(data.Features.ToArray().Skip(batch.Index * 8 * 5).Take(batch.Count * 5).ToArray()));
        }
    }

    [Test]
    public void Batches_OfAnUnknownType_AreRefused()
    {
        var loader = new DataLoader(Data(), 8);
        Assert.That(() => loader.Batches((DType)7), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("7"));
    }

    [Test]
    public void DatasetTo_ConvertsTheFeatures_KeepsLabelsAndSampleShape()
    {
        Dataset data = Data(6, 4).WithSampleShape(1, 2, 2);
        Dataset converted = data.To(DType.Float32);
        Assert.That(converted.Features.DType, Is.EqualTo(DType.Float32));
        Assert.That(converted.Features.ToArray(), Is.EqualTo(data.Features.To(DType.Float32).ToArray()));
        Assert.That(converted.Labels.ToArray(), Is.EqualTo(data.Labels.ToArray()));
        Assert.That(converted.SampleShape, Is.EqualTo(new[] { 1, 2, 2 }));
        Assert.That(converted.Samples.DType, Is.EqualTo(DType.Float32));
        Assert.That(converted.To(DType.Float32), Is.SameAs(converted));
    }

    [Test]
    public void Float32Dataset_SubsetAndSplit_KeepTheType()
    {
        Dataset data = Data().To(DType.Float32);
        Dataset subset = data.Subset([4, 0, 4]);
        Assert.That(subset.Features.DType, Is.EqualTo(DType.Float32));
        Assert.That(subset.Features.ToArray(), Is.EqualTo(data.Features.ToArray().Skip(20).Take(5).Concat(data.Features.ToArray().Take(5)).Concat(data.Features.ToArray().Skip(20).Take(5)).ToArray()));
        DatasetSplit split = data.Split(5, new RandomState(1));
        Assert.That(split.Train.Features.DType, Is.EqualTo(DType.Float32));
        Assert.That(split.Validation.Features.DType, Is.EqualTo(DType.Float32));
    }

    [Test]
    public void Float32Dataset_WithANonFiniteFeature_IsRefusedNamingItsPlace()
    {
        var features = new Tensor(DType.Float32, 3, 2);
        features[2, 1] = double.NaN;
        var ex = Assert.Throws<ArgumentException>(() => new Dataset(features, [0, 1, 0], 2));
        Assert.That(ex!.Message, Does.Contain("row 2, column 1"));
    }
}
