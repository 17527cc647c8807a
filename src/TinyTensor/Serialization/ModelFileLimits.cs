namespace TinyTensor.Serialization;

/// <summary>
/// What <see cref="ModelFile.Load(string, ModelFileLimits?)"/> accepts before allocating: a file's header can claim
/// anything, so the loader refuses metadata larger, and architectures or tensor lists longer, than these limits with
/// an <see cref="InvalidDataException"/> (a 20 MB file listing 10⁶ modules is refused after reading its header, not
/// turned into 10⁶ layers). The defaults hold any realistic network; raise them for a larger one.
/// </summary>
public sealed record ModelFileLimits
{
    /// <summary>The limits <see cref="ModelFile.Load(string, ModelFileLimits?)"/> uses when given none.</summary>
    public static ModelFileLimits Default { get; } = new();

    /// <summary>The most modules (layers and Sequential containers) an architecture may list. Default 10,000.</summary>
    public int MaxModules { get; init; } = 10_000;

    /// <summary>The most tensors a header may list. Default 100,000.</summary>
    public int MaxTensors { get; init; } = 100_000;

    /// <summary>The largest value in <c>__metadata__</c> (the architecture string), in UTF-8 bytes as stored. Default 1 MiB.</summary>
    public int MaxMetadataBytes { get; init; } = 1 << 20;

    internal void Check()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxModules, 1, nameof(MaxModules));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTensors, 1, nameof(MaxTensors));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxMetadataBytes, 1, nameof(MaxMetadataBytes));
    }
}
