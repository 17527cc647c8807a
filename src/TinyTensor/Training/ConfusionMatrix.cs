using System.Globalization;
using System.Text;

namespace TinyTensor.Training;

/// <summary>
/// Counts of (true class, predicted class) pairs: row = true class, column = predicted class, so the diagonal
/// holds the correct predictions.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly long[] _counts;

    /// <summary>An empty C × C matrix.</summary>
    /// <param name="classCount">C ≥ 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classCount"/> is less than 1.</exception>
    public ConfusionMatrix(int classCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(classCount, 46_340); // C² must fit an array
        ClassCount = classCount;
        _counts = new long[classCount * classCount];
    }

    /// <summary>The matrix of <paramref name="predicted"/> against <paramref name="labels"/>.</summary>
    /// <exception cref="ArgumentException">The lengths differ or a class is outside [0, C).</exception>
    public static ConfusionMatrix From(ReadOnlySpan<int> predicted, ReadOnlySpan<int> labels, int classCount)
    {
        var matrix = new ConfusionMatrix(classCount);
        matrix.Add(predicted, labels);
        return matrix;
    }

    /// <summary>C, the number of classes.</summary>
    public int ClassCount { get; }

    /// <summary>How many samples of class <paramref name="trueClass"/> were predicted as <paramref name="predictedClass"/>.</summary>
    public long this[int trueClass, int predictedClass]
    {
        get
        {
            CheckClass(trueClass, nameof(trueClass));
            CheckClass(predictedClass, nameof(predictedClass));
            return _counts[(trueClass * ClassCount) + predictedClass];
        }
    }

    /// <summary>The number of samples counted.</summary>
    public long Total { get; private set; }

    /// <summary>The number of correct predictions (the trace).</summary>
    public long Correct
    {
        get
        {
            long correct = 0;
            for (int c = 0; c < ClassCount; c++)
            {
                correct += _counts[(c * ClassCount) + c];
            }

            return correct;
        }
    }

    /// <summary>Correct / Total, or NaN when nothing was counted.</summary>
    public double Accuracy => Total == 0 ? double.NaN : (double)Correct / Total;

    /// <summary>Counts one sample.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A class is outside [0, C).</exception>
    public void Add(int trueClass, int predictedClass)
    {
        CheckClass(trueClass, nameof(trueClass));
        CheckClass(predictedClass, nameof(predictedClass));
        _counts[(trueClass * ClassCount) + predictedClass]++;
        Total++;
    }

    /// <summary>Counts every pair (labels[i], predicted[i]).</summary>
    /// <exception cref="ArgumentException">The lengths differ or a class is outside [0, C); nothing is counted then.</exception>
    public void Add(ReadOnlySpan<int> predicted, ReadOnlySpan<int> labels)
    {
        if (predicted.Length != labels.Length)
        {
            throw new ArgumentException(
                $"ConfusionMatrix.Add: {predicted.Length} predictions for {labels.Length} labels; the counts must agree.", nameof(predicted));
        }

        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)ClassCount || (uint)predicted[i] >= (uint)ClassCount)
            {
                throw new ArgumentException(
                    $"ConfusionMatrix.Add: at index {i}, label {labels[i]} / prediction {predicted[i]} is outside [0, {ClassCount}).", nameof(labels));
            }
        }

        for (int i = 0; i < labels.Length; i++)
        {
            _counts[(labels[i] * ClassCount) + predicted[i]]++;
        }

        Total += labels.Length;
    }

    /// <summary>Of the samples of class <paramref name="trueClass"/>, the fraction predicted correctly (NaN if none).</summary>
    public double Recall(int trueClass)
    {
        CheckClass(trueClass, nameof(trueClass));
        long row = 0;
        for (int p = 0; p < ClassCount; p++)
        {
            row += _counts[(trueClass * ClassCount) + p];
        }

        return row == 0 ? double.NaN : (double)_counts[(trueClass * ClassCount) + trueClass] / row;
    }

    /// <summary>Of the samples predicted as <paramref name="predictedClass"/>, the fraction that are of that class (NaN if none).</summary>
    public double Precision(int predictedClass)
    {
        CheckClass(predictedClass, nameof(predictedClass));
        long column = 0;
        for (int t = 0; t < ClassCount; t++)
        {
            column += _counts[(t * ClassCount) + predictedClass];
        }

        return column == 0 ? double.NaN : (double)_counts[(predictedClass * ClassCount) + predictedClass] / column;
    }

    /// <summary>
    /// The matrix as aligned text: a header line of predicted classes, then one line per true class with its counts
    /// and its recall.
    /// </summary>
    public override string ToString()
    {
        const string Corner = "true \\ pred";
        int width = Math.Max(ClassCount - 1, _counts.Length == 0 ? 0 : _counts.Max()).ToString(CultureInfo.InvariantCulture).Length + 1;
        width = Math.Max(width, 4);
        var text = new StringBuilder();
        text.Append(Corner);
        for (int p = 0; p < ClassCount; p++)
        {
            text.Append(p.ToString(CultureInfo.InvariantCulture).PadLeft(width));
        }

        text.Append("  recall").AppendLine();
        for (int t = 0; t < ClassCount; t++)
        {
            text.Append(t.ToString(CultureInfo.InvariantCulture).PadLeft(Corner.Length));
            for (int p = 0; p < ClassCount; p++)
            {
                text.Append(_counts[(t * ClassCount) + p].ToString(CultureInfo.InvariantCulture).PadLeft(width));
            }

            double recall = Recall(t);
            text.Append(double.IsNaN(recall) ? "       -" : ((recall * 100).ToString("F1", CultureInfo.InvariantCulture) + "%").PadLeft(8)).AppendLine();
        }

        return text.ToString();
    }

    private void CheckClass(int value, string name)
    {
        if ((uint)value >= (uint)ClassCount)
        {
            throw new ArgumentOutOfRangeException(name, value, $"ConfusionMatrix: class {value} is outside [0, {ClassCount}).");
        }
    }
}
