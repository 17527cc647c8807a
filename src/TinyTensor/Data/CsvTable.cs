namespace TinyTensor.Data;

/// <summary>A parsed CSV file: (N, D) features, N labels unless the file has no label column, and C.</summary>
internal sealed record CsvTable(Tensor Features, int[]? Labels, int ClassCount);
