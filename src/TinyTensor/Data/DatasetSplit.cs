namespace TinyTensor.Data;

/// <summary>The two parts of <see cref="Dataset.Split(int, RandomState)"/>.</summary>
/// <param name="Train">The samples to train on.</param>
/// <param name="Validation">The held-out samples to measure accuracy on.</param>
public sealed record DatasetSplit(Dataset Train, Dataset Validation);
