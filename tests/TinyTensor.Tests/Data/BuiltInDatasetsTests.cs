using TinyTensor.Data;

namespace TinyTensor.Tests.Data;

public sealed class BuiltInDatasetsTests
{
    [Test]
    public void Digits_is_1797_by_64_in_0_1_with_ten_classes()
    {
        Dataset digits = BuiltInDatasets.Load("digits");

        Assert.That(digits.Features.Shape, Is.EqualTo(new[] { 1797, 64 }));
        Assert.That(digits.ClassCount, Is.EqualTo(10));
        Assert.That(digits.Labels.ToArray().Distinct().Order(), Is.EqualTo(Enumerable.Range(0, 10)));
        Assert.That(digits.Features.ToArray().Min(), Is.Zero);
        Assert.That(digits.Features.ToArray().Max(), Is.EqualTo(1.0));
        // The file's first row: 0,0,5,13,9,1,0,0,… with label 0, divided by 16.
        Assert.That(digits.Features.Row(0)[..6].ToArray(), Is.EqualTo(new[] { 0, 0, 5 / 16.0, 13 / 16.0, 9 / 16.0, 1 / 16.0 }));
        Assert.That(digits.Labels[0], Is.Zero);
    }

    [Test]
    public void Mnist_is_10000_by_784_in_0_1_with_ten_balanced_classes()
    {
        Dataset mnist = BuiltInDatasets.Mnist();

        Assert.That(mnist.Features.Shape, Is.EqualTo(new[] { 10000, 784 }));
        Assert.That(mnist.ClassCount, Is.EqualTo(10));
        int[] perClass = new int[10];
        foreach (int label in mnist.Labels)
        {
            perClass[label]++;
        }

        Assert.That(perClass, Has.All.InRange(800, 1200), "about 1,000 per class");
        Assert.That(mnist.Features.ToArray().Max(), Is.EqualTo(1.0));
        Assert.That(mnist.Features.ToArray().Min(), Is.Zero);
    }

    [Test]
    public void Names_are_case_insensitive_and_unknown_names_list_the_valid_ones()
    {
        Assert.That(BuiltInDatasets.Load("DiGiTs").Count, Is.EqualTo(1797));
        Assert.That(BuiltInDatasets.Contains("MNIST"), Is.True);
        Assert.That(() => BuiltInDatasets.Load("cifar"),
            Throws.ArgumentException.With.Message.Contains("'cifar'").And.Message.Contains("digits, mnist"));
    }
}
