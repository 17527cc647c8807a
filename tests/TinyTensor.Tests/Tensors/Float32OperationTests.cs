using TinyTensor.Tests.Support;

namespace TinyTensor.Tests.Tensors;

/// <summary>Float32 behaviour beyond the NumPy fixture: result types, NumPy's out= aliasing, scalar rounding at the
/// range edges, and MatMul against a float64 product of the same float32 inputs.</summary>
[TestFixture]
public sealed class Float32OperationTests
{
    [Test]
    public void EveryElementwiseResult_HasTheOperandsType([Values] DType dtype)
    {
        Tensor a = Tensor.Arange(-2, 4, 1, dtype).Reshape(2, 3);
        Tensor row = Tensor.Arange(0, 3, 1, dtype);
        Tensor[] results =
        [
            a + row, a - row, a * row, a / row, Tensor.Maximum(a, row), Tensor.Minimum(a, 0.5), -a, 2.0 - a,
            Tensor.Equal(a, row), Tensor.Less(a, 1.0), a.Abs(), a.Exp(), a.Log(), a.Sqrt(), a.Tanh(), a.Pow(3), a.Clip(0, 1),
            Tensor.MatMul(a, a.T),
        ];

        Assert.That(results.Select(r => r.DType), Is.All.EqualTo(dtype));
    }

    [Test]
    public void Comparisons_GiveOneAndZeroInTheOperandsType()
    {
        Tensor a = Tensor.FromArray(new float[] { 1, 2, float.NaN }, 3);

        Tensor greater = Tensor.Greater(a, Tensor.FromArray(new float[] { 0, 2, 0 }, 3));

        Assert.That(greater.ToArray<float>(), Is.EqualTo(new float[] { 1, 0, 0 }));
    }

    [Test]
    public void DestinationMayBeAnOperand_OrOverlapIt_AsNumPysOut([Values] DType dtype)
    {
        Tensor a = Tensor.Arange(0, 8, 1, dtype);
        Tensor expected = a[1..] + a[..7];

        Tensor.Add(a, a, a);                               // in place: a = 2a
        Tensor b = Tensor.Arange(0, 8, 1, dtype);
        Tensor.Add(b[1..], b[..7], b[..7]);                // the destination overlaps b[1..] shifted by one

        Assert.That(a.ToArray(), Is.EqualTo(new double[] { 0, 2, 4, 6, 8, 10, 12, 14 }));
        Assert.That(b[..7].ToArray(), Is.EqualTo(expected.ToArray()));
    }

    [Test]
    public void AScalarBeyondFloat32_BecomesInfinity_NotAFloat64Result()
    {
        // NumPy 1.24 promotes float32_array + 1e39 to float64 (value-based casting); TinyTensor never promotes: the
        // scalar rounds to float32 (+∞), as NumPy ≥ 2 does (NEP 50).
        Tensor a = Tensor.Ones(DType.Float32, 2);

        Tensor sum = a + 1e39;

        Assert.That(sum.DType, Is.EqualTo(DType.Float32));
        Assert.That(sum.ToArray<float>(), Is.All.EqualTo(float.PositiveInfinity));
        Assert.That((a * 1e-50).ToArray<float>(), Is.All.EqualTo(0f), "1e-50 rounds to 0 in float32");
    }

    [TestCase(1, 1, 1)]
    [TestCase(7, 5, 3)]
    [TestCase(33, 65, 17)]
    [TestCase(64, 128, 96)]
    [TestCase(0, 4, 3)]
    public void MatMul_Float32_IsWithinTheFloat32ErrorBoundOfTheExactProduct(int m, int k, int n)
    {
        var random = new RandomState(7);
        Tensor a = random.Randn(DType.Float32, m, k);
        Tensor b = random.Randn(DType.Float32, k, n);
        var into = new Tensor(DType.Float32, m, n);

        Tensor c = Tensor.MatMul(a, b);
        Tensor.MatMul(a, b, into);

        // The float64 product of the same (exactly widened) inputs is exact to ~1e-16 relative: the reference. A float32
        // dot product of length k is within k·ε₃₂·Σ|a||b| of it (ε₃₂ = 2⁻²³, any summation order, FMA or not).
        Tensor exact = Tensor.MatMul(a.To(DType.Float64), b.To(DType.Float64));
        Tensor bound = Tensor.MatMul(a.To(DType.Float64).Abs(), b.To(DType.Float64).Abs()) * (Math.Max(k, 1) * Math.Pow(2, -23));
        Assert.That(c.DType, Is.EqualTo(DType.Float32));
        Assert.That(c.Shape, Is.EqualTo(new[] { m, n }));
        double[] actual = c.ToArray(), reference = exact.ToArray(), limit = bound.ToArray();
        for (int i = 0; i < actual.Length; i++)
        {
            Assert.That(Math.Abs(actual[i] - reference[i]), Is.LessThanOrEqualTo(limit[i]), $"element {i}");
        }

        AssertTensor.BitwiseEqual(into.ToArray(), actual, "destination form");
    }
}
