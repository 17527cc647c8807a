namespace TinyTensor.Tests.Tensors;

/// <summary>The "Bad input" list: each case throws a clear exception naming what is wrong, or gives NaN
/// where NumPy does.</summary>
[TestFixture]
public sealed class TensorBadInputTests
{
    [Test]
    public void ShapesThatDoNotBroadcast_NameTheOpAndBothShapes([Values] DType dtype)
    {
        Assert.That(() => new Tensor(dtype, 2, 3) + new Tensor(dtype, 3, 2), Throws.ArgumentException.With.Message.Contains("Add: shapes (2, 3) and (3, 2) cannot be broadcast"));
        Assert.That(() => Tensor.Subtract(new Tensor(dtype, 4), new Tensor(dtype, 5)), Throws.ArgumentException.With.Message.Contains("Subtract: shapes (4,) and (5,) cannot be broadcast"));
        Assert.That(() => Tensor.Greater(new Tensor(dtype, 2, 3), new Tensor(dtype, 2)), Throws.ArgumentException.With.Message.Contains("Greater: shapes (2, 3) and (2,)"));
    }

    [TestCase(2)]
    [TestCase(-3)]
    public void AnAxisOutOfRange_NamesTheAxisAndTheRank(int axis)
    {
        var t = new Tensor(2, 3);

        Assert.That(() => t.Sum(axis), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains($"axis {axis}").And.Message.Contains("rank 2"));
        Assert.That(() => t.Max(axis), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains($"axis {axis}"));
        Assert.That(() => t.ArgMax(axis), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("rank 2"));
        Assert.That(() => t.Var(axis), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("rank 2"));
        Assert.That(() => t.Squeeze(axis), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("rank 2"));
        Assert.That(() => Tensor.Concatenate([t, t], axis), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("rank 2"));
    }

    [Test]
    public void UnsqueezeBeyondRankPlusOne_IsRejected() =>
        Assert.That(() => new Tensor(2, 3).Unsqueeze(3), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("axis 3"));

    [Test]
    public void ReshapeToADifferentCount_NamesBothCounts() =>
        Assert.That(() => new Tensor(2, 3).Reshape(4, 2),
            Throws.ArgumentException.With.Message.Contains("6 elements").And.Message.Contains("(4, 2)").And.Message.Contains("holds 8"));

    [Test]
    public void ReshapeWithAnInferredDimensionThatDoesNotDivide_IsRejected() =>
        Assert.That(() => new Tensor(2, 3).Reshape(4, -1), Throws.ArgumentException.With.Message.Contains("6 elements").And.Message.Contains("(4, -1)"));

    [Test]
    public void ReshapeWithTwoMinusOnes_IsRejected() =>
        Assert.That(() => new Tensor(2, 3).Reshape(-1, -1), Throws.ArgumentException.With.Message.Contains("more than one -1"));

    [TestCase(-1, 2)]
    [TestCase(2, 5)]
    [TestCase(3, 1)]
    public void SliceOutsideTheAxis_IsRejected(int start, int stop) =>
        Assert.That(() => new Tensor(4, 2).Slice(start, stop),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains($"[{start}, {stop})").And.Message.Contains("length 4"));

    [Test]
    public void RangeOutsideTheAxis_IsRejected() =>
        Assert.That(() => new Tensor(4)[2..9], Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("length 4"));

    [TestCase(5)]
    [TestCase(-6)]
    public void TakeWithAnIndexOutOfRange_NamesTheIndex(int index) =>
        Assert.That(() => new Tensor(5, 2).Take([0, index]),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains($"index {index}").And.Message.Contains("length 5"));

    [Test]
    public void ConcatenateOfMismatchedShapes_NamesThem() =>
        Assert.That(() => Tensor.Concatenate([new Tensor(2, 3), new Tensor(2, 4)]),
            Throws.ArgumentException.With.Message.Contains("(2, 4)").And.Message.Contains("(2, 3)"));

    [Test]
    public void ConcatenateOfDifferentRanks_IsRejected() =>
        Assert.That(() => Tensor.Concatenate([new Tensor(2, 3), new Tensor(3)]), Throws.ArgumentException.With.Message.Contains("(3,)"));

    [Test]
    public void ConcatenateOrStackOfAnEmptyList_IsRejected()
    {
        Assert.That(() => Tensor.Concatenate([]), Throws.ArgumentException.With.Message.Contains("empty list"));
        Assert.That(() => Tensor.Stack([]), Throws.ArgumentException.With.Message.Contains("empty list"));
    }

    [Test]
    public void StackOfDifferentShapes_IsRejected() =>
        Assert.That(() => Tensor.Stack([new Tensor(2), new Tensor(3)]), Throws.ArgumentException.With.Message.Contains("(3,)"));

    [Test]
    public void ADestinationOfTheWrongShape_NamesTheShapes([Values] DType dtype) =>
        Assert.That(() => Tensor.Add(new Tensor(dtype, 2, 3), new Tensor(dtype, 3), new Tensor(dtype, 3, 2)),
            Throws.ArgumentException.With.Message.Contains("give (2, 3)").And.Message.Contains("destination has shape (3, 2)"));

    [Test]
    public void PowLogAndSqrtOfNegatives_GiveNaN([Values] DType dtype)
    {
        Tensor negative = Tensor.Full(-2.0, dtype, 3);

        Assert.That(negative.Pow(1.5).ToArray(), Is.All.NaN);
        Assert.That(negative.Log().ToArray(), Is.All.NaN);
        Assert.That(negative.Sqrt().ToArray(), Is.All.NaN);
    }

    [Test]
    public void TransposeWithABadPermutation_IsRejected()
    {
        var t = new Tensor(2, 3, 4);

        Assert.That(() => t.Transpose(0, 1), Throws.ArgumentException.With.Message.Contains("2 axes"));
        Assert.That(() => t.Transpose(0, 1, 1), Throws.ArgumentException.With.Message.Contains("repeated"));
        Assert.That(() => t.T, Throws.ArgumentException.With.Message.Contains("2-D"));
    }

    [Test]
    public void SqueezeOfAnAxisLongerThanOne_IsRejected() =>
        Assert.That(() => new Tensor(2, 3).Squeeze(0), Throws.ArgumentException.With.Message.Contains("length 2, not 1"));

    [Test]
    public void ReductionsWithoutIdentity_OfEmptyTensors_AreRejected()
    {
        var empty = new Tensor(0, 3);

        Assert.That(() => empty.Max(), Throws.InvalidOperationException.With.Message.Contains("empty"));
        Assert.That(() => empty.ArgMin(), Throws.InvalidOperationException.With.Message.Contains("(0, 3)"));
        Assert.That(() => empty.Max(0), Throws.InvalidOperationException.With.Message.Contains("axis 0"));
        Assert.That(() => empty.ArgMax(0), Throws.InvalidOperationException.With.Message.Contains("length 0"));
    }

    [Test]
    public void ArangeWithAZeroStep_IsRejected() =>
        Assert.That(() => Tensor.Arange(0, 1, 0), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("step"));

    [Test]
    public void VarWithANegativeDdof_IsRejected() =>
        Assert.That(() => new Tensor(3, 2).Var(0, ddof: -1), Throws.InstanceOf<ArgumentOutOfRangeException>());
}
