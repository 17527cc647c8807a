using TinyTensor.Data;

namespace TinyTensor.Tests.Data;

public sealed class DatasetTests
{
    [Test]
    public void A_dataset_exposes_its_shapes()
    {
        var data = new Dataset(new Tensor(3, 4), [0, 2, 1], 3);
        Assert.That((data.Count, data.FeatureCount, data.ClassCount), Is.EqualTo((3, 4, 3)));
        Assert.That(data.ToString(), Is.EqualTo("Dataset(3 samples × 4 features, 3 classes)"));
    }

    [Test]
    public void The_labels_are_copied()
    {
        int[] labels = [0, 1];
        var data = new Dataset(new Tensor(2, 1), labels, 2);
        labels[0] = 5;
        Assert.That(data.Labels[0], Is.Zero);
    }

    [Test]
    public void An_empty_batch_tensor_is_not_a_data_set()
    {
        Assert.That(() => new Dataset(new Tensor(0, 4), [], 2),
            Throws.ArgumentException.With.Message.Contains("(0, 4)").And.Message.Contains("no samples"));
        Assert.That(() => new Dataset(new Tensor(2, 0), [0, 1], 2),
            Throws.ArgumentException.With.Message.Contains("(2, 0)").And.Message.Contains("no feature"));
    }

    [Test]
    public void A_csv_of_labels_only_is_refused_rather_than_read_as_zero_features()
    {
        string path = Path.Combine(Path.GetTempPath(), $"labels-only-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "1\n0\n2\n");
        try
        {
            Assert.That(() => DatasetFiles.Load(path), Throws.InstanceOf<Exception>().With.Message.Contains("feature").Or.Message.Contains("column"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void A_label_count_that_differs_from_the_rows_names_the_shape()
    {
        Assert.That(() => new Dataset(new Tensor(3, 4), [0, 1], 2),
            Throws.ArgumentException.With.Message.Contains("2 labels").And.Message.Contains("(3, 4)"));
    }

    [Test]
    public void Features_must_be_a_matrix()
    {
        Assert.That(() => new Dataset(new Tensor(3), [0, 1, 0], 2), Throws.ArgumentException.With.Message.Contains("(3,)"));
    }

    [TestCase(-1)]
    [TestCase(3)]
    public void A_label_outside_the_classes_is_rejected(int label)
    {
        Assert.That(() => new Dataset(new Tensor(2, 1), [0, label], 3),
            Throws.ArgumentException.With.Message.Contains($"label {label} at index 1"));
    }

    [Test]
    public void A_subset_copies_rows_in_order()
    {
        var data = new Dataset(Tensor.FromArray(new double[,] { { 0, 1 }, { 2, 3 }, { 4, 5 } }), [0, 1, 2], 3);
        Dataset subset = data.Subset([2, 0, 2]);
        Assert.That(subset.Features.ToArray(), Is.EqualTo(new double[] { 4, 5, 0, 1, 4, 5 }));
        Assert.That(subset.Labels.ToArray(), Is.EqualTo(new[] { 2, 0, 2 }));
        Assert.That(() => data.Subset([3]), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void A_split_partitions_the_samples()
    {
        var features = new Tensor(20, 1);
        int[] labels = Enumerable.Range(0, 20).Select(i => i % 4).ToArray();
        for (int i = 0; i < 20; i++)
        {
            features[i, 0] = i;
        }

        DatasetSplit split = new Dataset(features, labels, 4).Split(0.25, new RandomState(3));

        Assert.That(split.Validation.Count, Is.EqualTo(5));
        Assert.That(split.Train.Count, Is.EqualTo(15));
        double[] all = [.. split.Train.Features.ToArray(), .. split.Validation.Features.ToArray()];
        Assert.That(all.Order(), Is.EqualTo(Enumerable.Range(0, 20).Select(i => (double)i)));
    }
}
