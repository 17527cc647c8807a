namespace TinyTensor.Training;

/// <summary>
/// Training stopped because a batch's loss was not finite (NaN or ±∞): the parameters can no longer improve.
/// The step of that batch was not taken.
/// </summary>
public sealed class TrainingDivergedException : InvalidOperationException
{
    /// <summary>Creates the exception for a non-finite loss at the given epoch and batch (both 1-based).</summary>
    public TrainingDivergedException(int epoch, int batch, double loss)
        : base($"Training diverged: the loss is {loss} at epoch {epoch}, batch {batch} (1-based). " +
               "Lower the learning rate, or check the data for non-finite or unscaled values.")
    {
        Epoch = epoch;
        Batch = batch;
        Loss = loss;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public TrainingDivergedException()
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    public TrainingDivergedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public TrainingDivergedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The 1-based epoch of the non-finite loss.</summary>
    public int Epoch { get; }

    /// <summary>The 1-based batch, within its epoch, of the non-finite loss.</summary>
    public int Batch { get; }

    /// <summary>The loss value (NaN or ±∞).</summary>
    public double Loss { get; }
}
