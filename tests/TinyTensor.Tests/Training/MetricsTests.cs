using TinyTensor.Training;

namespace TinyTensor.Tests.Training;

public sealed class MetricsTests
{
    [Test]
    public void Accuracy_is_the_fraction_of_equal_labels()
    {
        Assert.That(Metrics.Accuracy([0, 1, 2, 2], [0, 1, 1, 2]), Is.EqualTo(0.75));
        Assert.That(Metrics.Accuracy([3], [3]), Is.EqualTo(1.0));
        Assert.That(Metrics.Accuracy([1, 1], [0, 0]), Is.Zero);
    }

    [Test]
    public void Accuracy_rejects_different_lengths_naming_them()
    {
        Assert.That(() => Metrics.Accuracy([0, 1, 2], [0, 1]),
            Throws.ArgumentException.With.Message.Contains("3 predictions for 2 labels"));
    }

    [Test]
    public void Accuracy_of_nothing_is_an_error()
    {
        Assert.That(() => Metrics.Accuracy([], []), Throws.ArgumentException);
    }
}
