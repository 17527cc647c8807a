using TinyTensor.Data;

namespace TinyTensor.Tests.Data;

public sealed class DataLoaderTests
{
    /// <summary>N samples whose label is their index and whose features are (index, −index).</summary>
    private static Dataset Indexed(int n)
    {
        var features = new Tensor(n, 2);
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            features[i, 0] = i;
            features[i, 1] = -i;
            labels[i] = i;
        }

        return new Dataset(features, labels, n);
    }

    /// <summary>The labels of one epoch's batches, concatenated, with the batch sizes.</summary>
    private static (int[] Labels, int[] Sizes) Epoch(DataLoader loader)
    {
        var labels = new List<int>();
        var sizes = new List<int>();
        foreach (Batch batch in loader.Batches())
        {
            labels.AddRange(batch.Labels.ToArray());
            sizes.Add(batch.Count);
            for (int row = 0; row < batch.Count; row++)
            {
                Assert.That(batch.Features[row, 0], Is.EqualTo(batch.Labels[row]), "features travel with their label");
                Assert.That(batch.Features[row, 1], Is.EqualTo(-batch.Labels[row]));
            }
        }

        return (labels.ToArray(), sizes.ToArray());
    }

    [TestCaseSource(typeof(NumPyPermutations), nameof(NumPyPermutations.Seeds))]
    public void A_shuffled_epoch_visits_the_samples_in_numpys_permutation_order(uint seed)
    {
        var loader = new DataLoader(Indexed(10), batchSize: 3, shuffle: true, random: new RandomState(seed));

        (int[] labels, int[] sizes) = Epoch(loader);

        Assert.That(labels, Is.EqualTo(NumPyPermutations.Of(seed, "permutation_10")));
        Assert.That(sizes, Is.EqualTo(new[] { 3, 3, 3, 1 }), "the last, partial batch is kept");
    }

    [Test]
    public void A_large_shuffle_matches_numpy_too()
    {
        var loader = new DataLoader(Indexed(1000), batchSize: 64, shuffle: true, random: new RandomState(42));
        (int[] labels, _) = Epoch(loader);
        Assert.That(labels[..20], Is.EqualTo(NumPyPermutations.Of(42, "permutation_1000_first20")));
        Assert.That(labels.Order(), Is.EqualTo(Enumerable.Range(0, 1000)), "each sample exactly once");
    }

    [Test]
    public void Each_epoch_continues_the_generator_stream()
    {
        var loader = new DataLoader(Indexed(10), batchSize: 4, shuffle: true, random: new RandomState(1));
        var reference = new RandomState(1);
        for (int epoch = 0; epoch < 3; epoch++)
        {
            Assert.That(Epoch(loader).Labels, Is.EqualTo(reference.Permutation(10)), $"epoch {epoch}");
        }
    }

    [Test]
    public void Without_shuffling_every_epoch_is_in_order()
    {
        var loader = new DataLoader(Indexed(7), batchSize: 2);
        for (int epoch = 0; epoch < 2; epoch++)
        {
            (int[] labels, int[] sizes) = Epoch(loader);
            Assert.That(labels, Is.EqualTo(Enumerable.Range(0, 7)));
            Assert.That(sizes, Is.EqualTo(new[] { 2, 2, 2, 1 }));
        }

        Assert.That(loader.BatchCount, Is.EqualTo(4));
    }

    [Test]
    public void A_batch_larger_than_the_data_is_one_batch_of_everything()
    {
        var loader = new DataLoader(Indexed(5), batchSize: 100);
        Assert.That(Epoch(loader).Sizes, Is.EqualTo(new[] { 5 }));
        Assert.That(loader.BatchCount, Is.EqualTo(1));
    }

    [Test]
    public void Batches_carry_their_index_and_shapes()
    {
        var loader = new DataLoader(Indexed(5), batchSize: 2);
        var seen = new List<(int Index, string Shape)>();
        foreach (Batch batch in loader.Batches())
        {
            seen.Add((batch.Index, batch.Features.ShapeText));
        }

        Assert.That(seen, Is.EqualTo(new[] { (0, "(2, 2)"), (1, "(2, 2)"), (2, "(1, 2)") }));
    }

    [Test]
    public void Iterating_after_the_first_epoch_allocates_nothing()
    {
        var loader = new DataLoader(Indexed(103), batchSize: 10, shuffle: true, random: new RandomState(0));
        Drain(loader); // first epoch: the two batch buffers are made

        long before = GC.GetAllocatedBytesForCurrentThread();
        Drain(loader);
        Drain(loader);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.Zero);

        static void Drain(DataLoader loader)
        {
            foreach (Batch batch in loader.Batches())
            {
                _ = batch.Count;
            }
        }
    }

    [Test]
    public void A_batch_buffer_is_reused_by_the_next_batch()
    {
        var loader = new DataLoader(Indexed(6), batchSize: 2);
        var batches = new List<Batch>();
        foreach (Batch batch in loader.Batches())
        {
            batches.Add(batch);
        }

        Assert.That(batches.Distinct().Count(), Is.EqualTo(1));
        Assert.That(batches[0].Labels.ToArray(), Is.EqualTo(new[] { 4, 5 }), "overwritten by the last batch");
    }

    [TestCase(0)]
    [TestCase(-3)]
    public void A_batch_size_below_1_is_rejected_with_its_value(int batchSize)
    {
        Assert.That(() => new DataLoader(Indexed(4), batchSize),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains($"at least 1, got {batchSize}"));
    }

    [Test]
    public void Shuffling_without_a_generator_is_rejected()
    {
        Assert.That(() => new DataLoader(Indexed(4), 2, shuffle: true), Throws.ArgumentException.With.Message.Contains("RandomState"));
    }

    [Test]
    public void A_validation_set_of_another_shape_is_rejected()
    {
        var other = new Dataset(new Tensor(2, 3), [0, 1], 4);
        Assert.That(() => new DataLoader(Indexed(4), 2, validation: other),
            Throws.ArgumentException.With.Message.Contains("3 features").And.Message.Contains("2 features"));
    }

    [Test]
    public void A_fraction_split_holds_out_the_ceiling_of_the_fraction()
    {
        DataLoader loader = DataLoader.WithValidationSplit(Indexed(1797), 0.2, batchSize: 32, seed: 0);
        Assert.That(loader.Validation!.Count, Is.EqualTo(360)); // ⌈359.4⌉
        Assert.That(loader.Train.Count, Is.EqualTo(1437));
        Assert.That(loader.BatchCount, Is.EqualTo(45)); // 44 × 32 + 29
    }

    [Test]
    public void A_count_split_holds_out_the_first_samples_of_the_seeds_permutation()
    {
        DataLoader loader = DataLoader.WithValidationSplit(Indexed(10), 3, batchSize: 4, seed: 0);
        int[] permutation = NumPyPermutations.Of(0, "permutation_10");
        Assert.That(loader.Validation!.Labels.ToArray(), Is.EqualTo(permutation[..3]));
        Assert.That(loader.Train.Labels.ToArray(), Is.EqualTo(permutation[3..]));
        Assert.That(loader.Shuffle, Is.True);
    }

    [Test]
    public void The_same_seed_gives_the_same_split_and_epochs()
    {
        DataLoader a = DataLoader.WithValidationSplit(Indexed(50), 0.3, 8, seed: 7);
        DataLoader b = DataLoader.WithValidationSplit(Indexed(50), 0.3, 8, seed: 7);
        Assert.That(a.Validation!.Labels.ToArray(), Is.EqualTo(b.Validation!.Labels.ToArray()));
        Assert.That(Epoch(a).Labels, Is.EqualTo(Epoch(b).Labels));
    }

    [TestCase(0.0)]
    [TestCase(1.0)]
    [TestCase(-0.5)]
    [TestCase(double.NaN)]
    [TestCase(0.999)]
    public void A_bad_fraction_is_rejected(double fraction)
    {
        Assert.That(() => DataLoader.WithValidationSplit(Indexed(10), fraction, 2, 0), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [TestCase(0)]
    [TestCase(10)]
    [TestCase(-1)]
    public void A_bad_count_is_rejected_with_the_valid_range(int count)
    {
        Assert.That(() => DataLoader.WithValidationSplit(Indexed(10), count, 2, 0),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("[1, 9]"));
    }
}
