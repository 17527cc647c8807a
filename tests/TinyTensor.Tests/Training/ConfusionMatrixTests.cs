using TinyTensor.Training;

namespace TinyTensor.Tests.Training;

public sealed class ConfusionMatrixTests
{
    // True labels 0,0,1,1,1,2; predictions 0,1,1,1,2,2.
    private static ConfusionMatrix Example() => ConfusionMatrix.From([0, 1, 1, 1, 2, 2], [0, 0, 1, 1, 1, 2], 3);

    [Test]
    public void Rows_are_true_classes_and_columns_predictions()
    {
        ConfusionMatrix m = Example();
        long[,] expected = { { 1, 1, 0 }, { 0, 2, 1 }, { 0, 0, 1 } };
        for (int t = 0; t < 3; t++)
        {
            for (int p = 0; p < 3; p++)
            {
                Assert.That(m[t, p], Is.EqualTo(expected[t, p]), $"[{t}, {p}]");
            }
        }

        Assert.That((m.Total, m.Correct), Is.EqualTo((6L, 4L)));
        Assert.That(m.Accuracy, Is.EqualTo(4.0 / 6));
    }

    [Test]
    public void Recall_and_precision_follow_rows_and_columns()
    {
        ConfusionMatrix m = Example();
        Assert.That(m.Recall(1), Is.EqualTo(2.0 / 3));
        Assert.That(m.Precision(1), Is.EqualTo(2.0 / 3));
        Assert.That(m.Recall(0), Is.EqualTo(0.5));
        Assert.That(m.Precision(2), Is.EqualTo(0.5));
        Assert.That(new ConfusionMatrix(2).Recall(0), Is.NaN);
    }

    [Test]
    public void ToString_is_an_aligned_table_with_recall()
    {
        string[] lines = Example().ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(4));
        Assert.That(lines[0], Is.EqualTo("true \\ pred   0   1   2  recall"));
        Assert.That(lines[2], Is.EqualTo("          1   0   2   1   66.7%"));
        Assert.That(lines.Select(l => l.Length).Distinct().Count(), Is.EqualTo(1), "aligned");
    }

    [Test]
    public void Out_of_range_classes_are_rejected_and_nothing_is_counted()
    {
        var m = new ConfusionMatrix(3);
        Assert.That(() => m.Add([0, 3], [0, 1]), Throws.ArgumentException.With.Message.Contains("index 1"));
        Assert.That(m.Total, Is.Zero);
        Assert.That(() => m.Add(-1, 0), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => m.Add([0], [0, 1]), Throws.ArgumentException);
    }
}
