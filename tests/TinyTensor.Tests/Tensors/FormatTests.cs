using System.Text.Json;

namespace TinyTensor.Tests.Tensors;

/// <summary><see cref="Tensor.ToString()"/> against NumPy 1.24's <c>str(array)</c>, character for character.</summary>
[TestFixture]
public sealed class FormatTests
{
    private static IEnumerable<TestCaseData> Arrays() => TensorOpsFixture.Cases("printing", e => e.GetProperty("name").GetString()!);

    [TestCaseSource(nameof(Arrays))]
    public void ToString_EqualsNumPysStr(string section, int index)
    {
        JsonElement entry = TensorOpsFixture.Case(section, index);
        Tensor t = TensorOpsFixture.InputOf(entry, "shape");

        Assert.That(t.ToString(), Is.EqualTo(entry.GetProperty("str").GetString()));
    }

    [Test]
    public void TheFixtureHasAtLeastADozenArrays() =>
        Assert.That(TensorOpsFixture.Root.GetProperty("printing").GetArrayLength(), Is.GreaterThanOrEqualTo(12));

    [Test]
    public void ToStringWithPrecision_RoundsToThatManyDigits()
    {
        Tensor t = Tensor.FromArray([1.0 / 3.0, 2.0 / 3.0, -1.5], 3);

        // np.array2string(np.array([1/3, 2/3, -1.5]), precision=3)
        Assert.That(t.ToString(3), Is.EqualTo("[ 0.333  0.667 -1.5  ]"));
    }

    [Test]
    public void ToStringWithOptions_UsesTheLineWidthAndThreshold()
    {
        Tensor t = Tensor.Arange(0, 10);
        var options = TensorFormatOptions.Default with { LineWidth = 20, Threshold = 5, EdgeItems = 2 };

        // np.array2string(np.arange(10.), max_line_width=20, threshold=5, edgeitems=2)
        Assert.That(t.ToString(options), Is.EqualTo("[0. 1. ... 8. 9.]"));
    }

    [Test]
    public void ToStringOfAView_PrintsOnlyTheViewsElements()
    {
        Tensor t = Tensor.Arange(0, 6).Reshape(3, 2);

        Assert.That(t[1..].ToString(), Is.EqualTo("[[2. 3.]\n [4. 5.]]"));
    }

    [Test]
    public void ToStringOfAHugeArray_ReadsOnlyItsEdges()
    {
        var huge = new Tensor(2000, 1000);
        huge.ToString();

        long before = GC.GetAllocatedBytesForCurrentThread();
        string text = huge.ToString();
        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(text, Does.StartWith("[[0. 0. 0. ... 0. 0. 0.]"));
        Assert.That(bytes, Is.LessThan(200_000), "no copy of the 16 MB of elements");
    }

    [Test]
    public void ToStringWithANegativePrecision_IsRejected() =>
        Assert.That(() => new Tensor(2).ToString(-1), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("precision -1"));
}

/// <summary>The notebook's printed arrays: TinyTensor's scores print as the notebook shows NumPy's.</summary>
[TestFixture]
public sealed class NotebookPrintingTests
{
    /// <summary>"Your scores:" as printed in shared/spec/neural_network-notebook.txt (cell 3's output).</summary>
    private const string NotebookScores =
        "[[0.33333514 0.33333826 0.33332661]\n" +
        " [0.3333351  0.33333828 0.33332661]\n" +
        " [0.3333351  0.33333828 0.33332662]\n" +
        " [0.3333351  0.33333828 0.33332662]\n" +
        " [0.33333509 0.33333829 0.33332662]\n" +
        " [0.33333508 0.33333829 0.33332662]\n" +
        " [0.33333511 0.33333828 0.33332661]\n" +
        " [0.33333512 0.33333827 0.33332661]\n" +
        " [0.33333508 0.33333829 0.33332662]\n" +
        " [0.33333511 0.33333828 0.33332662]]";

    [Test]
    public void Scores_PrintExactlyAsTheNotebookShows()
    {
        var net = Support.Notebook.InitToyModel();
        (Tensor x, _) = Support.Notebook.InitToyData();

        Assert.That(net.Forward(x).ToString(), Is.EqualTo(NotebookScores));
    }

    [Test]
    public void TheNotebooksDataExpression_GivesTheSameBitsAsScalingInPlace()
    {
        var rng = new RandomState(0);
        (Tensor expected, _) = Support.Notebook.InitToyData();

        Tensor x = 10 * rng.Randn(10, 4);

        Assert.That(x.ToArray(), Is.EqualTo(expected.ToArray()));
    }
}
