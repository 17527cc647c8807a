using System.Numerics.Tensors;
using NTensor = System.Numerics.Tensors.Tensor;
using Tensor = TinyTensor.Tensor;

namespace TinyTensor.Tests.Tensors;

/// <summary>.NET's tensor types over TinyTensor data, and both namespaces in one file (aliases, no CS0104).</summary>
[TestFixture]
public sealed class InteropTests
{
    [Test]
    public void AsTensorSpan_SharesMemory()
    {
        Tensor t = Tensor.Arange(0, 6).Reshape(2, 3);

        TensorSpan<double> span = t.AsTensorSpan();
        span[1, 2] = 42;

        Assert.That(span.Lengths.ToArray(), Is.EqualTo(new nint[] { 2, 3 }));
        Assert.That(t[1, 2], Is.EqualTo(42.0));
    }

    [Test]
    public void AsReadOnlyTensorSpan_OfAView_SeesOnlyTheView()
    {
        Tensor t = Tensor.Arange(0, 12).Reshape(4, 3);

        ReadOnlyTensorSpan<double> span = t[1..3].AsReadOnlyTensorSpan();
        double[] flat = new double[6];
        span.FlattenTo(flat);

        Assert.That(flat, Is.EqualTo(new double[] { 3, 4, 5, 6, 7, 8 }));
        Assert.That(span[0, 0], Is.EqualTo(3.0));
    }

    [Test]
    public void SystemTensor_RoundTrips()
    {
        Tensor t = new RandomState(0).Randn(3, 4, 2);

        Tensor<double> system = t.ToSystemTensor();
        Tensor back = Tensor.FromSystemTensor(system);

        Assert.That(system.Lengths.ToArray(), Is.EqualTo(new nint[] { 3, 4, 2 }));
        Assert.That(back.Shape, Is.EqualTo(t.Shape));
        Assert.That(back.ToArray(), Is.EqualTo(t.ToArray()));
        Assert.That(((Tensor)(Tensor<double>)t).ToArray(), Is.EqualTo(t.ToArray()));
    }

    [Test]
    public void TheStaticTensorMethodsOfDotNet_WorkOnTinyTensorData()
    {
        Tensor a = Tensor.Arange(0, 6).Reshape(2, 3);

        double sum = NTensor.Sum<double>(a.AsReadOnlyTensorSpan());
        Tensor<double> doubled = NTensor.Multiply<double>(a.AsReadOnlyTensorSpan(), 2.0);

        Assert.That(sum, Is.EqualTo(15.0));
        Assert.That(Tensor.FromSystemTensor(doubled).ToArray(), Is.EqualTo((2.0 * a).ToArray()));
    }

    [Test]
    public void ATransposedSystemTensor_IsCopiedInItsLogicalOrder()
    {
        Tensor<double> m = NTensor.Create(new double[] { 0, 1, 2, 3, 4, 5 }, [2, 3]);
        Tensor<double> transposed = NTensor.PermuteDimensions(m, [1, 0]);

        Tensor t = Tensor.FromSystemTensor(transposed);

        Assert.That(t.Shape, Is.EqualTo(new[] { 3, 2 }));
        Assert.That(t.ToArray(), Is.EqualTo(new double[] { 0, 3, 1, 4, 2, 5 }));
    }

    [Test]
    public void EmptyTensors_Convert()
    {
        var empty = new Tensor(0, 3);

        Assert.That(Tensor.FromSystemTensor(empty.ToSystemTensor()).Shape, Is.EqualTo(new[] { 0, 3 }));
        Assert.That(empty.AsTensorSpan().FlattenedLength, Is.EqualTo((nint)0));
    }
}
