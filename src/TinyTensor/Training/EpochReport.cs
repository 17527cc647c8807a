namespace TinyTensor.Training;

/// <summary>What one training epoch achieved: an entry of <see cref="TrainingHistory"/> and the value a
/// <see cref="Trainer"/> reports to its progress callback.</summary>
/// <param name="Epoch">The 1-based epoch number, counted over every <see cref="Trainer.Fit"/> call of the trainer.</param>
/// <param name="TotalEpochs">The epoch number the running <see cref="Trainer.Fit"/> call stops at (for a progress bar).</param>
/// <param name="MeanLoss">The mean of the epoch's batch losses (each batch counts once, as in the framework).</param>
/// <param name="TrainAccuracy">The fraction of training samples the network classified correctly during the epoch,
/// each batch measured by its forward pass before the step.</param>
/// <param name="ValidationAccuracy">The accuracy on the validation set after the epoch, or <see langword="null"/> when
/// it was not measured (no validation set, or not a validation epoch).</param>
/// <param name="Duration">The wall time of the epoch, validation included.</param>
public sealed record EpochReport(int Epoch, int TotalEpochs, double MeanLoss, double TrainAccuracy, double? ValidationAccuracy, TimeSpan Duration);
