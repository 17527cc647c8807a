using System.Numerics.Tensors;
using NTensor = System.Numerics.Tensors.Tensor;
using Tensor = TinyTensor.Tensor;

namespace TinyTensor.Tests.Tensors;

/// <summary>.NET's tensor types over float32 TinyTensor data, and the clear errors when the element type is wrong.</summary>
[TestFixture]
public sealed class Float32InteropTests
{
    [Test]
    public void AsTensorSpanOfFloat_SharesMemory()
    {
        Tensor t = Tensor.Arange(0, 6, 1, DType.Float32).Reshape(2, 3);

        TensorSpan<float> span = t.AsTensorSpan<float>();
        span[1, 2] = 42.5f;

        Assert.That(span.Lengths.ToArray(), Is.EqualTo(new nint[] { 2, 3 }));
        Assert.That(t[1, 2], Is.EqualTo(42.5));
    }

    [Test]
    public void AsReadOnlyTensorSpanOfFloat_OfAView_SeesOnlyTheView()
    {
        Tensor t = Tensor.Arange(0, 12, 1, DType.Float32).Reshape(4, 3);

        ReadOnlyTensorSpan<float> span = t[1..3].AsReadOnlyTensorSpan<float>();
        float[] flat = new float[6];
        span.FlattenTo(flat);

        Assert.That(flat, Is.EqualTo(new float[] { 3, 4, 5, 6, 7, 8 }));
    }

    [Test]
    public void Float32SystemTensor_RoundTrips_KeepingTheType()
    {
        Tensor t = new RandomState(0).Randn(DType.Float32, 3, 4, 2);

        Tensor<float> system = t.ToSystemTensor<float>();
        Tensor back = Tensor.FromSystemTensor(system);
        Tensor viaOperators = (Tensor)(Tensor<float>)t;

        Assert.That(back.DType, Is.EqualTo(DType.Float32));
        Assert.That(back.Shape, Is.EqualTo(t.Shape));
        Assert.That(back.ToArray<float>(), Is.EqualTo(t.ToArray<float>()));
        Assert.That(viaOperators.DType, Is.EqualTo(DType.Float32));
        Assert.That(viaOperators.ToArray<float>(), Is.EqualTo(t.ToArray<float>()));
    }

    [Test]
    public void FromTensorSpanOfFloat_CopiesInLogicalOrder_AsFloat32()
    {
        Tensor<float> m = NTensor.Create(new float[] { 0, 1, 2, 3, 4, 5 }, [2, 3]);

        Tensor t = Tensor.FromTensorSpan(NTensor.PermuteDimensions(m, [1, 0]).AsReadOnlyTensorSpan());

        Assert.That(t.DType, Is.EqualTo(DType.Float32));
        Assert.That(t.ToArray<float>(), Is.EqualTo(new float[] { 0, 3, 1, 4, 2, 5 }));
    }

    [Test]
    public void TheDoubleApi_KeepsWorkingOnFloat64_AndRefusesFloat32Spans()
    {
        Tensor f32 = Tensor.Ones(DType.Float32, 2, 2);

        var span = Assert.Throws<InvalidOperationException>(() => f32.AsTensorSpan())!;
        var readOnly = Assert.Throws<InvalidOperationException>(() => f32.AsReadOnlyTensorSpan())!;

        Assert.That(span.Message, Does.Contain("AsTensorSpan").And.Contain("float32"));
        Assert.That(readOnly.Message, Does.Contain("AsReadOnlyTensorSpan").And.Contain("float32"));
        Assert.That(Tensor.Ones(2, 2).AsTensorSpan().FlattenedLength, Is.EqualTo((nint)4));
    }

    [Test]
    public void AWrongElementType_ThrowsNamingBothTypes()
    {
        Tensor f64 = Tensor.Ones(2, 2);
        Tensor f32 = Tensor.Ones(DType.Float32, 2, 2);

        var asFloat = Assert.Throws<InvalidOperationException>(() => f64.AsTensorSpan<float>())!;
        var asDouble = Assert.Throws<InvalidOperationException>(() => f32.AsReadOnlyTensorSpan<double>())!;
        var toFloat = Assert.Throws<InvalidOperationException>(() => f64.ToSystemTensor<float>())!;
        Assert.Throws<InvalidOperationException>(() => _ = (Tensor<float>)f64);

        Assert.That(asFloat.Message, Does.Contain("float64").And.Contain("Single"));
        Assert.That(asDouble.Message, Does.Contain("float32").And.Contain("Double"));
        Assert.That(toFloat.Message, Does.Contain("ToSystemTensor"));
    }

    [Test]
    public void ToSystemTensorOfDouble_WidensAFloat32TensorExactly_AsToArray()
    {
        Tensor f32 = Tensor.Full(0.1, DType.Float32, 3);

        Tensor<double> wide = f32.ToSystemTensor();

        Assert.That(wide.ToArray(), Is.All.EqualTo((double)0.1f));
    }
}
