using System.Text.Json;
using TinyTensor.Tests.Support;

namespace TinyTensor.Tests.Data;

/// <summary>The <c>permutation_*</c> lists of numpy-random.json, by seed.</summary>
internal static class NumPyPermutations
{
    public static IEnumerable<uint> Seeds => Streams().Select(s => s.GetProperty("seed").GetUInt32());

    public static int[] Of(uint seed, string name) =>
        Streams().Single(s => s.GetProperty("seed").GetUInt32() == seed).GetProperty(name).EnumerateArray().Select(e => e.GetInt32()).ToArray();

    private static JsonElement[] Streams()
    {
        using var stream = File.OpenRead(FixturePath.Of("numpy-random.json"));
        using var document = JsonDocument.Parse(stream);
        return document.RootElement.GetProperty("streams").EnumerateArray().Select(e => e.Clone()).ToArray();
    }
}
