using TinyTensor.Layers;

namespace TinyTensor.Tests.Layers.Conv;

/// <summary>Every bad input of issue 11 for the layers: a clear exception naming the argument and the expected shape
/// or range, never a crash inside a kernel.</summary>
[TestFixture]
public sealed class ConvBadInputTests
{
    [Test]
    public void Conv2d_InputOfTheWrongRank_NamesTheExpectedShape()
    {
        var conv = new Conv2d(3, 4, 3, new RandomState(1));
        Assert.That(() => conv.Forward(new Tensor(2, 27)),
            Throws.ArgumentException.With.Message.Contains("expected input of shape (N, 3, H, W), got (2, 27)").And.Property("ParamName").EqualTo("input"));
    }

    [Test]
    public void Conv2d_InputWithTheWrongChannelCount_NamesTheExpectedShape()
    {
        var conv = new Conv2d(3, 4, 3, new RandomState(1));
        Assert.That(() => conv.Forward(new Tensor(2, 1, 8, 8)),
            Throws.ArgumentException.With.Message.Contains("expected input of shape (N, 3, H, W), got (2, 1, 8, 8): 1 channels instead of 3"));
    }

    [Test]
    public void Conv2d_KernelLargerThanThePaddedInput_IsRejected()
    {
        var conv = new Conv2d(1, 1, 5, new RandomState(1), padding: 1);
        Assert.That(() => conv.Forward(new Tensor(1, 1, 2, 8)),
            Throws.ArgumentException.With.Message.Contains("the 5×5 window does not fit input (1, 1, 2, 8): its height is 2 + 2·1 padding, less than 5"));
    }

    [TestCase(0, 1, 0, "kernelSize")]
    [TestCase(-1, 1, 0, "kernelSize")]
    [TestCase(3, 0, 0, "stride")]
    [TestCase(3, -2, 0, "stride")]
    [TestCase(3, 1, -1, "padding")]
    public void Conv2d_NonPositiveKernelOrStride_OrNegativePadding_IsRejected(int kernel, int stride, int padding, string argument)
    {
        Assert.That(() => new Conv2d(1, 1, kernel, new RandomState(1), stride, padding),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo(argument));
    }

    [TestCase(0, null, "kernelSize")]
    [TestCase(2, 0, "stride")]
    public void Pooling_NonPositiveKernelOrStride_IsRejected(int kernel, int? stride, string argument)
    {
        Assert.That(() => new MaxPool2d(kernel, stride), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo(argument));
        Assert.That(() => new AvgPool2d(kernel, stride), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo(argument));
    }

    [Test]
    public void Pooling_AWindowThatDoesNotFit_IsRejected()
    {
        Assert.That(() => new MaxPool2d(3).Forward(new Tensor(1, 2, 5, 2)),
            Throws.ArgumentException.With.Message.Contains("MaxPool2d.Forward: the 3×3 window does not fit input (1, 2, 5, 2): its width is 2, less than 3"));
        Assert.That(() => new AvgPool2d(2).Forward(new Tensor(4, 4)),
            Throws.ArgumentException.With.Message.Contains("AvgPool2d.Forward: expected input of shape (N, C, H, W), got (4, 4)"));
    }

    [TestCase(-0.1)]
    [TestCase(1.0)]
    [TestCase(1.5)]
    [TestCase(double.NaN)]
    public void Dropout_POutsideZeroToOne_IsRejected(double p)
    {
        Assert.That(() => new Dropout(p, new RandomState(1)),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("p").And.Message.Contains("[0, 1)"));
    }

    [Test]
    public void BatchNorm_ABatchOfOneInTrainingMode_IsPyTorchsError_ButEvalModeAcceptsIt()
    {
        var norm1d = new BatchNorm1d(3);
        Assert.That(() => norm1d.Forward(new Tensor(1, 3)),
            Throws.ArgumentException.With.Message.Contains("expected more than 1 value per channel when training, got input size (1, 3)"));
        var norm2d = new BatchNorm2d(2);
        Assert.That(() => norm2d.Forward(new Tensor(1, 2, 1, 1)),
            Throws.ArgumentException.With.Message.Contains("expected more than 1 value per channel when training, got input size (1, 2, 1, 1)"));
        Assert.That(norm2d.NumBatchesTracked[0], Is.Zero, "a refused batch must not count");

        norm1d.Eval();
        Assert.That(() => norm1d.Forward(new Tensor(1, 3)), Throws.Nothing);
    }

    [Test]
    public void BatchNorm_InputOfTheWrongShape_NamesTheExpectedShape()
    {
        Assert.That(() => new BatchNorm1d(3).Forward(new Tensor(4, 5)),
            Throws.ArgumentException.With.Message.Contains("expected input of shape (N, 3) or (N, 3, L), got (4, 5)"));
        Assert.That(() => new BatchNorm2d(3).Forward(new Tensor(4, 2, 5, 5)),
            Throws.ArgumentException.With.Message.Contains("expected input of shape (N, 3, H, W), got (4, 2, 5, 5)"));
    }

    [Test]
    public void Backward_WithAGradientOfTheWrongShape_IsRejected()
    {
        var conv = new Conv2d(1, 2, 3, new RandomState(1));
        conv.Forward(new Tensor(2, 1, 5, 5));
        Assert.That(() => conv.Backward(new Tensor(2, 2, 4, 4)),
            Throws.ArgumentException.With.Message.Contains("the output gradient has shape (2, 2, 4, 4), but the last Forward produced (2, 2, 3, 3)"));
        Assert.That(() => new MaxPool2d(2).Backward(new Tensor(1, 1, 1, 1)), Throws.InvalidOperationException);
    }

    [Test]
    public void Flatten_OfARank1Input_IsRejected()
    {
        Assert.That(() => new Flatten().Forward(new Tensor(5)), Throws.ArgumentException.With.Message.Contains("rank ≥ 2, got (5,)"));
    }
}
