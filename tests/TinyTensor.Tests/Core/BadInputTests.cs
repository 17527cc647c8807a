using TinyTensor.Layers;
using TinyTensor.Optim;

namespace TinyTensor.Tests.Core;

/// <summary>Every public entry point checks its input once and says what is wrong, with the shapes or values.</summary>
[TestFixture]
public sealed class BadInputTests
{
    [Test]
    public void MatMul_WithDifferentInnerDimensions_NamesBothShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.MatMul(new Tensor(3, 4), new Tensor(5, 2)));

        Assert.That(ex!.Message, Does.Contain("(3, 4) · (5, 2)").And.Contain("inner dimensions 4 and 5 differ"));
    }

    [Test]
    public void MatMul_OfANonMatrix_IsRejected() =>
        Assert.That(() => Tensor.MatMul(new Tensor(3), new Tensor(3, 2)),
            Throws.ArgumentException.With.Message.Contains("(3,)"));

    [Test]
    public void MatMul_IntoADestinationOfTheWrongShape_NamesTheShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.MatMul(new Tensor(3, 4), new Tensor(4, 2), new Tensor(2, 3)));

        Assert.That(ex!.ParamName, Is.EqualTo("destination"));
        Assert.That(ex.Message, Does.Contain("(3, 2)").And.Contain("(2, 3)"));
    }

    [Test]
    public void MatMul_IntoAnOperand_IsRejected()
    {
        var a = new Tensor(2, 2);

        Assert.That(() => Tensor.MatMul(a, new Tensor(2, 2), a), Throws.ArgumentException.With.Property("ParamName").EqualTo("destination"));
    }

    [Test]
    public void FromArray_WithTheWrongLength_SaysHowManyValuesTheShapeHolds()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.FromArray([1, 2, 3], 2, 2));

        Assert.That(ex!.Message, Does.Contain("3 values").And.Contain("(2, 2)").And.Contain("holds 4"));
    }

    [TestCase(-1)]
    [TestCase(-3)]
    public void NewTensor_WithANegativeDimension_IsRejected(int dim) =>
        Assert.That(() => new Tensor(2, dim), Throws.ArgumentException.With.Message.Contains($"dimension {dim}"));

    [Test]
    public void NewTensor_WithNoDimension_IsRejected() =>
        Assert.That(() => new Tensor(), Throws.ArgumentException);

    [Test]
    public void NewTensor_WithTooManyElements_IsRejected() =>
        Assert.That(() => new Tensor(1 << 20, 1 << 20), Throws.ArgumentException.With.Message.Contains("more than"));

    [Test]
    public void Indexer_OutOfRange_NamesTheIndexAndShape() =>
        Assert.That(() => new Tensor(2, 3)[2, 0], Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("[2, 0]").And.Message.Contains("(2, 3)"));

    [Test]
    public void Indexer_WithTheWrongNumberOfIndices_IsRejected() =>
        Assert.That(() => new Tensor(2, 3)[1], Throws.InstanceOf<ArgumentOutOfRangeException>());

    [Test]
    public void CrossEntropy_WithALabelOutsideTheClasses_NamesTheLabel()
    {
        var loss = new CrossEntropyLoss();

        var ex = Assert.Throws<ArgumentException>(() => loss.Forward(new Tensor(2, 3), [0, 3]));

        Assert.That(ex!.Message, Does.Contain("label 3 at index 1").And.Contain("[0, 3)"));
    }

    [Test]
    public void CrossEntropy_WithANegativeLabel_IsRejected() =>
        Assert.That(() => new CrossEntropyLoss().Forward(new Tensor(2, 3), [-1, 0]), Throws.ArgumentException.With.Message.Contains("label -1"));

    [Test]
    public void CrossEntropy_WithTheWrongLabelCount_SaysHowManyItExpected() =>
        Assert.That(() => new CrossEntropyLoss().Forward(new Tensor(2, 3), [0, 1, 2]),
            Throws.ArgumentException.With.Message.Contains("3 labels").And.Message.Contains("expected 2"));

    [Test]
    public void CrossEntropy_OfProbabilitiesOfTheWrongRank_IsRejected() =>
        Assert.That(() => new CrossEntropyLoss().Forward(new Tensor(3), [0, 1, 2]),
            Throws.ArgumentException.With.Message.Contains("(N, C)").And.Message.Contains("(3,)"));

    [Test]
    public void CrossEntropy_BackwardBeforeForward_IsAnInvalidOperation() =>
        Assert.That(() => new CrossEntropyLoss().Backward(), Throws.InvalidOperationException.With.Message.Contains("Forward first"));

    [Test]
    public void Layers_BackwardBeforeForward_IsAnInvalidOperation()
    {
        Assert.That(() => new Linear(2, 3, new RandomState(0)).Backward(new Tensor(1, 3)), Throws.InvalidOperationException.With.Message.Contains("Linear.Backward"));
        Assert.That(() => new ReLU().Backward(new Tensor(1, 3)), Throws.InvalidOperationException.With.Message.Contains("ReLU.Backward"));
        Assert.That(() => new Softmax().Backward(new Tensor(1, 3)), Throws.InvalidOperationException.With.Message.Contains("Softmax.Backward"));
    }

    [Test]
    public void Linear_ForwardOfTheWrongWidth_NamesTheExpectedShape() =>
        Assert.That(() => new Linear(4, 10, new RandomState(0)).Forward(new Tensor(10, 5)),
            Throws.ArgumentException.With.Message.Contains("(N, 4)").And.Message.Contains("(10, 5)"));

    [Test]
    public void Linear_BackwardOfTheWrongShape_NamesBothShapes()
    {
        var layer = new Linear(4, 10, new RandomState(0));
        layer.Forward(new Tensor(3, 4));

        Assert.That(() => layer.Backward(new Tensor(3, 9)), Throws.ArgumentException.With.Message.Contains("(3, 9)").And.Message.Contains("(3, 10)"));
    }

    [TestCase(0, 3)]
    [TestCase(3, 0)]
    public void Linear_WithANonPositiveDimension_IsRejected(int inputDims, int outputDims) =>
        Assert.That(() => new Linear(inputDims, outputDims, new RandomState(0)), Throws.InstanceOf<ArgumentOutOfRangeException>());

    [Test]
    public void Step_WithAMissingGradient_SaysNoGradient()
    {
        var net = new Sequential(new Linear(2, 2, new RandomState(0)));
        var sgd = new SGD(net, 0.1, 0.0);
        double[] before = net.Parameters[0].ToArray();

        Assert.That(() => sgd.Step(), Throws.InvalidOperationException.With.Message.Contains("No gradient for"));
        Assert.That(net.Parameters[0].ToArray(), Is.EqualTo(before), "nothing is updated");
    }

    [Test]
    public void Step_AfterZeroGrad_SaysNoGradient()
    {
        var net = new Sequential(new Linear(2, 2, new RandomState(0)), new Softmax());
        var loss = new CrossEntropyLoss();
        loss.Forward(net.Forward(new Tensor(1, 2)), [1]);
        net.Backward(loss.Backward());
        var sgd = new SGD(net, 0.1, 0.0);

        sgd.ZeroGrad();

        Assert.That(() => sgd.Step(), Throws.InvalidOperationException.With.Message.Contains("No gradient for"));
    }

    [TestCase(-0.1)]
    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    public void SGD_WithAnInvalidLearningRate_NamesTheValue(double learningRate) =>
        Assert.That(() => new SGD(new Sequential(new ReLU()), learningRate, 0.0),
            Throws.InstanceOf<ArgumentOutOfRangeException>()
                .With.Message.Contains("invalid learning rate").IgnoreCase
                .And.Message.Contains(learningRate.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    [Test]
    public void SGD_WithANegativeWeightDecay_IsRejected() =>
        Assert.That(() => new SGD(new Sequential(new ReLU()), 0.1, -1), Throws.InstanceOf<ArgumentOutOfRangeException>());

    [TestCase(3, 3)]
    [TestCase(3, 2)]
    public void RandInt_WithHighNotAboveLow_IsRejected(int low, int high)
    {
        Assert.That(() => new RandomState(0).RandInt(low, high, 5), Throws.ArgumentException.With.Message.Contains($"high ({high})"));
        Assert.That(() => new RandomState(0).RandInt((long)low, high, 5), Throws.ArgumentException);
    }

    [Test]
    public void RandInt_WithANegativeSize_IsRejected() =>
        Assert.That(() => new RandomState(0).RandInt(0, 3, -1), Throws.InstanceOf<ArgumentOutOfRangeException>());

    [Test]
    public void Normal_WithANegativeScale_IsRejected() =>
        Assert.That(() => new RandomState(0).Normal(0, -1, 3), Throws.InstanceOf<ArgumentOutOfRangeException>());

    [Test]
    public void Sequential_WithNoModules_IsRejected() =>
        Assert.That(() => new Sequential(), Throws.ArgumentException);

    [Test]
    public void Softmax_OfAVector_IsRejected() =>
        Assert.That(() => new Softmax().Forward(new Tensor(3)), Throws.ArgumentException.With.Message.Contains("(3,)"));
}
