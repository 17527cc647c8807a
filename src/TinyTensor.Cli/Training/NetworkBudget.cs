using System.Globalization;

namespace TinyTensor.Cli.Training;

/// <summary>
/// Checks, before a network is built, that <c>--hidden</c> with the data's feature and class counts makes a network
/// whose tensors can exist and whose memory fits <c>--max-memory</c>: otherwise one line naming the option and the
/// size needed, instead of an <see cref="OutOfMemoryException"/> or a tensor-shape error from deep inside.
/// </summary>
internal static class NetworkBudget
{
    /// <summary>Layer outputs and their gradients, each kept for two batch shapes (full and last partial batch), for
    /// the Linear layers and the activations after them: 2 × 2 × 2 buffers per hidden width.</summary>
    private const int ActivationBuffersPerWidth = 8;

    /// <summary>Throws a usage error when the network cannot be allocated within <paramref name="maxBytes"/>.</summary>
    /// <param name="inputs">D, the features per sample.</param>
    /// <param name="hidden">The hidden widths.</param>
    /// <param name="classes">C, the outputs.</param>
    /// <param name="batchSize">The rows of a forward pass (the batch size, at most N).</param>
    /// <param name="optimizer">The optimiser's name: momentum methods keep one more tensor per parameter, Adam two.</param>
    /// <param name="maxBytes">The limit.</param>
    /// <param name="standardize">Whether a <see cref="TinyTensor.Layers.Standardize"/> layer (mean and std, 2·D
    /// doubles) goes in front (see <see cref="Standardizer"/>).</param>
    public static void Check(int inputs, int[] hidden, int classes, int batchSize, string optimizer, long maxBytes, bool standardize)
    {
        int slots = optimizer switch { "adam" or "adamw" => 2, "momentum" or "nesterov" => 1, _ => 0 };
        UInt128 parameters = 0, widths = 0;
        int width = inputs;
        foreach (int next in hidden.Append(classes))
        {
            UInt128 weights = (UInt128)(ulong)width * (ulong)next;
            if (weights > (UInt128)Array.MaxLength)
            {
                throw new CliUsageException(string.Create(CultureInfo.InvariantCulture,
                    $"--hidden: a {width} × {next} weight matrix holds {weights} values; one tensor holds at most {Array.MaxLength}."));
            }

            parameters += weights + (ulong)next;
            widths += (ulong)next;
            width = next;
        }

        UInt128 bytes = (parameters * (ulong)(2 + slots) * sizeof(double))
            + ((UInt128)(ulong)batchSize * widths * ActivationBuffersPerWidth * sizeof(double))
            + (standardize ? (UInt128)(ulong)inputs * 2 * sizeof(double) : 0);
        UInt128 limit = (ulong)maxBytes;
        if (bytes > limit)
        {
            string layers = string.Join(" → ", new[] { inputs }.Concat(hidden).Append(classes));
            throw new CliUsageException(string.Create(CultureInfo.InvariantCulture,
                $"--hidden: the network {layers} has {parameters} parameters and needs about {Mib(bytes)} MiB with {optimizer} at batch size {batchSize}; " +
                $"the limit is {Mib(limit)} MiB (--max-memory)."));
        }
    }

    private static string Mib(UInt128 bytes) => ((bytes + (1 << 20) - 1) >> 20).ToString();
}
