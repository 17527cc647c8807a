using System.Text;
using System.Text.Json.Nodes;
using TinyTensor.Serialization;

namespace TinyTensor.Tests.Serialization;

/// <summary>Hostile metadata cannot make the loader allocate without bound: module count, tensor count and metadata
/// size have documented limits that callers may raise.</summary>
[TestFixture]
public sealed class ModelFileLimitsTests
{
    [Test]
    public void A20MBFileListingAMillionModules_IsInvalidData_WithoutAllocatingMuchMoreThanTheFile()
    {
        var architecture = new StringBuilder("[");
        for (int i = 0; i < 1_000_000; i++)
        {
            architecture.Append(i == 0 ? "" : ",").Append("{\"type\":\"ReLU\"}");
        }

        var header = new JsonObject
        {
            ["__metadata__"] = new JsonObject { ["format"] = "tinytensor", ["version"] = "1", ["architecture"] = architecture.Append(']').ToString() },
        };
        byte[] file = ModelFileTestData.Join(header, []);
        Assert.That(file.Length, Is.GreaterThan(20_000_000));

        using var stream = new MemoryStream(file, writable: false);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.That(() => ModelFile.Load(stream), Throws.TypeOf<InvalidDataException>().With.Message.Contains("MaxMetadataBytes"));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // The header itself (≈ 21 MB) is read; nothing in proportion to the modules it lists.
        Assert.That(allocated, Is.LessThan(file.Length + (4 << 20)), $"{allocated:N0} bytes allocated");
    }

    [Test]
    public void TooManyModules_IsInvalidData_NamingTheLimit_AndARaisedLimitLoads()
    {
        byte[] file = ModelFileTestData.Bytes(ModelFileTestData.Small());
        Assert.That(() => ModelFile.Load(new MemoryStream(file), new ModelFileLimits { MaxModules = 3 }),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("more than 3 modules").And.Message.Contains("ModelFileLimits.MaxModules"));
        Assert.That(() => ModelFile.Load(new MemoryStream(file), new ModelFileLimits { MaxModules = 5 }), Throws.Nothing);
    }

    [Test]
    public void TooManyTensors_OrTooLongMetadata_IsInvalidData_NamingTheLimit()
    {
        byte[] file = ModelFileTestData.Bytes(ModelFileTestData.Small());
        Assert.That(() => ModelFile.Load(new MemoryStream(file), new ModelFileLimits { MaxTensors = 3 }),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("more than 3 tensors"));
        Assert.That(() => ModelFile.Load(new MemoryStream(file), new ModelFileLimits { MaxMetadataBytes = 50 }),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("over the 50-byte limit"));
    }

    [Test]
    public void ALimitBelowOne_IsAnArgumentError() =>
        Assert.That(() => ModelFile.Load(new MemoryStream(), new ModelFileLimits { MaxModules = 0 }), Throws.InstanceOf<ArgumentOutOfRangeException>());
}
