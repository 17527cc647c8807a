namespace TinyTensor.Tests.Kernels;

[TestFixture]
[NonParallelizable]
public class GemmParallelismTests
{
    [Test]
    public void NumThreads_defaults_to_the_environment_or_the_core_count()
    {
        string? text = Environment.GetEnvironmentVariable(Parallelism.EnvironmentVariable);
        int expected = int.TryParse(text, out int value) && value >= 1 ? value : Environment.ProcessorCount;
        int saved = Parallelism.NumThreads;
        Assert.That(saved, Is.EqualTo(expected), "every test that changes it restores it");
    }

    [TestCase(0)]
    [TestCase(-3)]
    public void NumThreads_rejects_fewer_than_one(int threads)
    {
        int saved = Parallelism.NumThreads;
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Parallelism.NumThreads = threads);
        Assert.That(e!.Message, Does.Contain(threads.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(e.ActualValue, Is.EqualTo(threads));
        Assert.That(Parallelism.NumThreads, Is.EqualTo(saved));
    }

    [Test]
    public void NumThreads_keeps_a_valid_value()
    {
        int saved = Parallelism.NumThreads;
        try
        {
            Parallelism.NumThreads = 3;
            Assert.That(Parallelism.NumThreads, Is.EqualTo(3));
        }
        finally
        {
            Parallelism.NumThreads = saved;
        }
    }
}
