namespace TinyTensor.Training;

/// <summary>Classification metrics over predicted and true labels.</summary>
public static class Metrics
{
    /// <summary>The fraction of predictions equal to the labels, in [0, 1] (the framework's accuracy).</summary>
    /// <param name="predicted">N predicted class indices.</param>
    /// <param name="labels">N true class indices.</param>
    /// <exception cref="ArgumentException">The lengths differ, or N is 0.</exception>
    public static double Accuracy(ReadOnlySpan<int> predicted, ReadOnlySpan<int> labels)
    {
        if (predicted.Length != labels.Length)
        {
            throw new ArgumentException(
                $"Metrics.Accuracy: {predicted.Length} predictions for {labels.Length} labels; the counts must agree.", nameof(predicted));
        }

        if (labels.IsEmpty)
        {
            throw new ArgumentException("Metrics.Accuracy: no predictions; the accuracy of nothing is undefined.", nameof(labels));
        }

        return (double)CountEqual(predicted, labels) / labels.Length;
    }

    /// <summary>The number of positions where the two spans hold the same value (same lengths assumed).</summary>
    internal static int CountEqual(ReadOnlySpan<int> predicted, ReadOnlySpan<int> labels)
    {
        int correct = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            if (predicted[i] == labels[i])
            {
                correct++;
            }
        }

        return correct;
    }
}
