namespace TinyTensor.Data;

/// <summary>
/// How much a data reader may allocate, so that a hostile or mistaken file (a 2 MB gzip that inflates to 2 GB, a
/// label of 3,000,000, a million columns) fails with a message instead of exhausting the memory.
/// </summary>
/// <remarks>
/// <para>Every reader (<see cref="CsvReader"/>, <see cref="IdxReader"/>, <see cref="CifarReader"/>,
/// <see cref="DatasetFiles"/>) checks, before or while allocating: the file's bytes and its decompressed bytes, and
/// the feature tensor's N × D × 8 bytes, each against <see cref="MaxBytes"/>; the number of classes against
/// <see cref="MaxClasses"/>. A reader also allocates only what the file can justify (sizes declared in a header are
/// checked against the file's length first). Exceeding a limit throws <see cref="InvalidDataException"/> naming the
/// file, the size needed and the limit.</para>
/// <para>The default <see cref="MaxBytes"/> is a quarter of the memory the GC may use
/// (<see cref="GCMemoryInfo.TotalAvailableMemoryBytes"/>: the machine's memory, or <c>DOTNET_GCHeapHardLimit</c> /
/// a container limit when set), capped at 16 GiB; pass your own <see cref="DataLimits"/> to raise or lower it (the CLI's
/// <c>--max-memory</c>).</para>
/// </remarks>
public sealed record DataLimits
{
    /// <summary>The default cap on <see cref="MaxClasses"/>: 65,536 classes.</summary>
    public const int DefaultMaxClasses = 1 << 16;

    private const long DefaultMaxBytesCap = 16L << 30;

    /// <summary>The limits used when none are given (see the remarks for how <see cref="MaxBytes"/> is chosen).</summary>
    public static DataLimits Default { get; } = new();

    /// <summary>The most bytes one buffer of a reader may hold: the raw file, its decompressed content, the features.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public long MaxBytes
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, $"DataLimits: MaxBytes must be at least 1, got {value}.");
    } = DefaultMaxBytes();

    /// <summary>The most classes a data set may have (the largest label + 1 when the count is inferred).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int MaxClasses
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, $"DataLimits: MaxClasses must be at least 1, got {value}.");
    } = DefaultMaxClasses;

    /// <summary>A quarter of what the GC may use, at most 16 GiB and at least 64 MiB.</summary>
    public static long DefaultMaxBytes()
    {
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return Math.Clamp(available / 4, 64L << 20, DefaultMaxBytesCap);
    }

    /// <summary>Throws unless <paramref name="rows"/> × <paramref name="columns"/> doubles fit <see cref="MaxBytes"/>
    /// and one array.</summary>
    internal void CheckTensor(long rows, long columns, string source, string what)
    {
        UInt128 elements = (UInt128)(ulong)rows * (ulong)columns;
        UInt128 bytes = elements * sizeof(double);
        if (elements > (UInt128)Array.MaxLength || bytes > (UInt128)MaxBytes)
        {
            throw new InvalidDataException(
                $"{source}: {what} of {rows} × {columns} = {elements} values need {bytes} bytes; the limit is {MaxBytes} bytes " +
                $"(DataLimits.MaxBytes, the CLI's --max-memory) and {Array.MaxLength} values.");
        }
    }

    /// <summary>Throws unless <paramref name="classCount"/> is at most <see cref="MaxClasses"/>.</summary>
    internal void CheckClasses(long classCount, string source, string why)
    {
        if (classCount > MaxClasses)
        {
            throw new InvalidDataException(
                $"{source}: {why} makes {classCount} classes; the limit is {MaxClasses} (DataLimits.MaxClasses).");
        }
    }
}
