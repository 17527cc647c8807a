namespace TinyTensor.Tests.Serialization;

/// <summary>Reports a length it does not have, like a file truncated while being read.</summary>
internal sealed class LyingStream(byte[] bytes, long claimedLength) : MemoryStream(bytes)
{
    public override long Length => claimedLength;
}
