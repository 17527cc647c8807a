using System.Globalization;
using TinyTensor.Internal;

namespace TinyTensor;

/// <summary>How many threads TinyTensor's kernels may use.</summary>
/// <remarks>
/// Work is split so that every result is computed in the same order whatever the thread count: a matrix product
/// is divided over blocks of rows or columns of its result, never over the summed dimension, so 1 and N threads give
/// the same bits. Products too small to gain from a second thread stay on the calling thread.
/// </remarks>
public static class Parallelism
{
    /// <summary>The environment variable read once, at start-up, for the initial <see cref="NumThreads"/>.</summary>
    public const string EnvironmentVariable = "TINYTENSOR_NUM_THREADS";

    private static int _numThreads = DefaultNumThreads();

    /// <summary>
    /// The most threads a kernel uses, calling thread included. Defaults to <c>TINYTENSOR_NUM_THREADS</c> when
    /// that holds an integer ≥ 1, else <see cref="Environment.ProcessorCount"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public static int NumThreads
    {
        get => Volatile.Read(ref _numThreads);
        set
        {
            if (value < 1)
            {
                ThrowHelper.ArgumentOutOfRange(nameof(value), value,
                    $"Parallelism.NumThreads must be at least 1, got {value}.");
            }

            Volatile.Write(ref _numThreads, value);
        }
    }

    private static int DefaultNumThreads()
    {
        string? text = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= 1
            ? value
            : Environment.ProcessorCount;
    }
}
