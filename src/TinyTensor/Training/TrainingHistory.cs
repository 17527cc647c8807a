namespace TinyTensor.Training;

/// <summary>The per-epoch records of a <see cref="Trainer"/> (Keras' <c>History</c>), oldest first.</summary>
public sealed class TrainingHistory
{
    private readonly List<EpochReport> _epochs = [];

    /// <summary>Every completed epoch, oldest first.</summary>
    public IReadOnlyList<EpochReport> Epochs => _epochs;

    /// <summary>The number of completed epochs.</summary>
    public int Count => _epochs.Count;

    /// <summary>The last completed epoch, or <see langword="null"/> before the first.</summary>
    public EpochReport? Last => _epochs.Count == 0 ? null : _epochs[^1];

    /// <summary>The most recent validation accuracy measured, or <see langword="null"/> if none was.</summary>
    public double? LastValidationAccuracy
    {
        get
        {
            for (int i = _epochs.Count - 1; i >= 0; i--)
            {
                if (_epochs[i].ValidationAccuracy is double accuracy)
                {
                    return accuracy;
                }
            }

            return null;
        }
    }

    internal void Add(EpochReport report) => _epochs.Add(report);
}
