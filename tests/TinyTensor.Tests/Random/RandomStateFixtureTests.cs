using System.Text.Json;
using TinyTensor.Tests.Support;

namespace TinyTensor.Tests.Random;

/// <summary>Every stream of numpy-random.json, produced by NumPy 1.24's legacy RandomState, bit for bit.</summary>
[TestFixture]
public sealed class RandomStateFixtureTests
{
    private static readonly uint[] Seeds = [0, 1, 42, 12345, 4294967295];

    private static JsonElement Stream(uint seed)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(FixturePath.Of("numpy-random.json")));
        foreach (JsonElement stream in document.RootElement.GetProperty("streams").EnumerateArray())
        {
            if (stream.GetProperty("seed").GetUInt32() == seed)
            {
                return stream.Clone();
            }
        }

        throw new InvalidOperationException($"No stream for seed {seed} in the fixture.");
    }

    private static double[] Doubles(JsonElement e) => NotebookReferenceData.Flatten(e);

    [Test]
    public void FixtureHoldsEverySeedTested([ValueSource(nameof(Seeds))] uint seed) =>
        Assert.That(Stream(seed).GetProperty("seed").GetUInt32(), Is.EqualTo(seed));

    [Test]
    public void RawUInt32_MatchesMT19937([ValueSource(nameof(Seeds))] uint seed)
    {
        uint[] expected = Stream(seed).GetProperty("raw_uint32").EnumerateArray().Select(e => e.GetUInt32()).ToArray();
        var rng = new RandomState(seed);

        uint[] actual = expected.Select(_ => rng.NextUInt32()).ToArray();

        Assert.That(actual, Is.EqualTo(expected));
    }

    [Test]
    public void Rand_MatchesRandomSample([ValueSource(nameof(Seeds))] uint seed)
    {
        double[] expected = Doubles(Stream(seed).GetProperty("rand"));

        AssertTensor.BitwiseEqual(new RandomState(seed).Rand(expected.Length).AsReadOnlySpan(), expected, "rand");
    }

    [Test]
    public void Rand2x3_FillsRowMajor([ValueSource(nameof(Seeds))] uint seed)
    {
        double[] expected = Doubles(Stream(seed).GetProperty("random_sample_2x3"));

        Tensor actual = new RandomState(seed).Rand(2, 3);

        Assert.That(actual.Shape, Is.EqualTo(new[] { 2, 3 }));
        AssertTensor.BitwiseEqual(actual.AsReadOnlySpan(), expected, "random_sample((2, 3))");
    }

    [Test]
    public void RandomSample_MatchesRand([ValueSource(nameof(Seeds))] uint seed)
    {
        double[] expected = Doubles(Stream(seed).GetProperty("rand"));
        var rng = new RandomState(seed);

        AssertTensor.BitwiseEqual(expected.Select(_ => rng.RandomSample()).ToArray(), expected, "random_sample");
    }

    [Test]
    public void Randn_MatchesPolarBoxMuller([ValueSource(nameof(Seeds))] uint seed)
    {
        double[] expected = Doubles(Stream(seed).GetProperty("randn"));

        AssertTensor.BitwiseEqual(new RandomState(seed).Randn(expected.Length).AsReadOnlySpan(), expected, "randn");
    }

    [Test]
    public void RandInt_SmallRange([ValueSource(nameof(Seeds))] uint seed)
    {
        int[] expected = Stream(seed).GetProperty("randint_3").EnumerateArray().Select(e => e.GetInt32()).ToArray();

        Assert.That(new RandomState(seed).RandInt(0, 3, expected.Length), Is.EqualTo(expected));
    }

    [Test]
    public void RandInt_OffsetRange([ValueSource(nameof(Seeds))] uint seed)
    {
        int[] expected = Stream(seed).GetProperty("randint_-5_1000").EnumerateArray().Select(e => e.GetInt32()).ToArray();

        Assert.That(new RandomState(seed).RandInt(-5, 1000, expected.Length), Is.EqualTo(expected));
    }

    [Test]
    public void RandInt_OffsetRange_SameThroughTheLongOverload([ValueSource(nameof(Seeds))] uint seed)
    {
        long[] expected = Stream(seed).GetProperty("randint_-5_1000").EnumerateArray().Select(e => e.GetInt64()).ToArray();

        Assert.That(new RandomState(seed).RandInt(-5L, 1000L, expected.Length), Is.EqualTo(expected));
    }

    [Test]
    public void RandInt_64BitRange_DrawsHighWordFirst([ValueSource(nameof(Seeds))] uint seed)
    {
        long[] expected = Stream(seed).GetProperty("randint_0_2pow40").EnumerateArray().Select(e => e.GetInt64()).ToArray();

        Assert.That(new RandomState(seed).RandInt(0L, 1L << 40, expected.Length), Is.EqualTo(expected));
    }

    [Test]
    public void RandInt_SingleValueRange_ConsumesNoDraws([ValueSource(nameof(Seeds))] uint seed)
    {
        int[] expected = Stream(seed).GetProperty("randint_1_2").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var rng = new RandomState(seed);

        Assert.That(rng.RandInt(1, 2, expected.Length), Is.EqualTo(expected));
        Assert.That(rng.NextUInt32(), Is.EqualTo(new RandomState(seed).NextUInt32()), "the stream must not have moved");
    }

    [Test]
    public void Uniform_IsLowPlusRangeTimesSample([ValueSource(nameof(Seeds))] uint seed)
    {
        double[] expected = Doubles(Stream(seed).GetProperty("uniform_-1_1"));

        AssertTensor.BitwiseEqual(new RandomState(seed).Uniform(-1, 1, expected.Length).AsReadOnlySpan(), expected, "uniform");
    }

    [Test]
    public void Normal_IsLocPlusScaleTimesGauss([ValueSource(nameof(Seeds))] uint seed)
    {
        double[] expected = Doubles(Stream(seed).GetProperty("normal_1.5_2"));

        AssertTensor.BitwiseEqual(new RandomState(seed).Normal(1.5, 2, expected.Length).AsReadOnlySpan(), expected, "normal");
    }

    [Test]
    public void Permutation_ShufflesFromTheLastIndexDown([ValueSource(nameof(Seeds))] uint seed)
    {
        int[] expected10 = Stream(seed).GetProperty("permutation_10").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        int[] expected1000 = Stream(seed).GetProperty("permutation_1000_first20").EnumerateArray().Select(e => e.GetInt32()).ToArray();

        Assert.That(new RandomState(seed).Permutation(10), Is.EqualTo(expected10));
        Assert.That(new RandomState(seed).Permutation(1000).Take(20), Is.EqualTo(expected1000));
    }

    [Test]
    public void MixedCalls_KeepTheSecondGaussianAcrossOtherDraws([ValueSource(nameof(Seeds))] uint seed)
    {
        JsonElement mixed = Stream(seed).GetProperty("mixed");
        string[] calls = mixed.GetProperty("calls").EnumerateArray().Select(e => e.GetString()!).ToArray();
        JsonElement[] values = mixed.GetProperty("values").EnumerateArray().ToArray();
        Assert.That(calls, Is.EqualTo(new[] { "rand(3)", "randn(3)", "randint(10,size=3)", "randn(1)", "rand(1)", "randn(2)" }));
        var rng = new RandomState(seed);

        AssertTensor.BitwiseEqual(rng.Rand(3).AsReadOnlySpan(), Doubles(values[0]), "rand(3)");
        AssertTensor.BitwiseEqual(rng.Randn(3).AsReadOnlySpan(), Doubles(values[1]), "randn(3)");
        Assert.That(rng.RandInt(0, 10, 3), Is.EqualTo(values[2].EnumerateArray().Select(e => e.GetInt32()).ToArray()));
        AssertTensor.BitwiseEqual(rng.Randn(1).AsReadOnlySpan(), Doubles(values[3]), "randn(1)");
        AssertTensor.BitwiseEqual(rng.Rand(1).AsReadOnlySpan(), Doubles(values[4]), "rand(1)");
        AssertTensor.BitwiseEqual(rng.Randn(2).AsReadOnlySpan(), Doubles(values[5]), "randn(2)");
    }

    [Test]
    public void Seed_RestartsTheStreamAndDropsTheKeptGaussian()
    {
        var rng = new RandomState(7);
        double first = rng.NextGaussian();
        rng.NextUInt32();

        rng.Seed(7);

        Assert.That(rng.NextGaussian(), Is.EqualTo(first));
    }
}
