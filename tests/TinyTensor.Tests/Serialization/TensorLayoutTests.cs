using TinyTensor.Serialization;
using TinyTensor.Tests.Support;

namespace TinyTensor.Tests.Serialization;

/// <summary>The stored layouts are exact permutations, inverse to each other, with the stored shape they claim.</summary>
[TestFixture]
public sealed class TensorLayoutTests
{
    [TestCase(1, 1)]
    [TestCase(1, 7)]
    [TestCase(5, 1)]
    [TestCase(3, 4)]
    [TestCase(17, 9)]
    public void Transposed_StoresTheTranspose_AndRestoresTheSameBits(int rows, int cols)
    {
        Tensor m = new RandomState(7).Randn(rows, cols);
        int[] shape = m.Shape;
        var stored = new double[m.Length];
        TensorLayout.Transposed.Store(m.AsReadOnlySpan(), shape, stored);
        Assert.That(TensorLayout.Transposed.StoredShape(shape), Is.EqualTo(new[] { cols, rows }));
        AssertTensor.BitwiseEqual(stored, ModelFileTestData.Transposed(m), "stored");

        var restored = new double[m.Length];
        TensorLayout.Transposed.Restore(stored, shape, restored);
        AssertTensor.BitwiseEqual(restored, m.AsReadOnlySpan(), "restored");
    }

    [Test]
    public void AsIs_KeepsShapeAndValues()
    {
        Tensor t = new RandomState(8).Randn(2, 3, 4);
        var stored = new double[t.Length];
        TensorLayout.AsIs.Store(t.AsReadOnlySpan(), t.Shape, stored);
        Assert.That(TensorLayout.AsIs.StoredShape(t.Shape), Is.EqualTo(t.Shape));
        AssertTensor.BitwiseEqual(stored, t.AsReadOnlySpan(), "stored");
    }

    [Test]
    public void Transposed_OfATensorThatIsNotAMatrix_IsAnArgumentException() =>
        Assert.That(() => TensorLayout.Transposed.StoredShape([4]),
            Throws.ArgumentException.With.Message.Contains("applies to matrices, not to a tensor of rank 1"));
}
