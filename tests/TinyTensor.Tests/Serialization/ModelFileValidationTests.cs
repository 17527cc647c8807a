using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using TinyTensor.Serialization;

namespace TinyTensor.Tests.Serialization;

/// <summary>Every kind of bad model file is refused with an <see cref="InvalidDataException"/> that says why —
/// never another exception. The base file is <see cref="ModelFileTestData.Small"/>: tensors 0.weight (3, 4),
/// 0.bias (4,), 2.weight (4, 2), 2.bias (2,) at data offsets 0, 96, 128, 192, 208.</summary>
[TestFixture]
public sealed class ModelFileValidationTests
{
    private static readonly byte[] Valid = ModelFileTestData.Bytes(ModelFileTestData.Small());

    [Test]
    public void EveryTruncation_OfASmallModel_IsInvalidData()
    {
        for (int length = 0; length < Valid.Length; length++)
        {
            byte[] truncated = Valid[..length];
            Assert.That(() => ModelFileTestData.Load(truncated), Throws.TypeOf<InvalidDataException>(), $"truncated to {length} of {Valid.Length} bytes");
        }
    }

    [Test]
    public void EveryTruncation_AlsoThroughAFileOnDisk_IsInvalidData_NamingThePath()
    {
        string folder = Directory.CreateTempSubdirectory("tinytensor-").FullName;
        try
        {
            string path = Path.Combine(folder, "cut.safetensors");
            for (int length = 0; length < Valid.Length; length += 37)
            {
                File.WriteAllBytes(path, Valid[..length]);
                Assert.That(() => ModelFile.Load(path), Throws.TypeOf<InvalidDataException>().With.Message.StartsWith(path + ": "), $"{length} bytes");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void ShorterThanTheLengthPrefix() =>
        AssertInvalid(Valid[..5], "the file is 5 bytes, too short for the 8-byte header length");

    [Test]
    public void HeaderLengthBeyondTheFile()
    {
        byte[] file = (byte[])Valid.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)file.Length);
        AssertInvalid(file, $"the header length {file.Length} goes beyond the end of the file ({file.Length} bytes");
    }

    [TestCase(100_000_001UL)]
    [TestCase(ulong.MaxValue)]
    public void HeaderLengthOverTheLimit(ulong length)
    {
        byte[] file = (byte[])Valid.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(file, length);
        AssertInvalid(file, $"the header length {length} exceeds the 100000000-byte limit");
    }

    [Test]
    public void HeaderNotUtf8() =>
        AssertInvalid(ModelFileTestData.Join([(byte)'{', 0xFF, 0xFE, (byte)'}'], []), "the header is not valid UTF-8");

    [TestCase("{\"0.weight\": {\"dtype\": \"F64\",", "the header is not valid JSON")]
    [TestCase("{\"a\": 1,}", "the header is not valid JSON")]
    [TestCase("[1, 2]", "does not start with '{'")]
    [TestCase("   {}", "does not start with '{'")]
    [TestCase("{\"0.weight\": 5}", "tensor \"0.weight\" is a JSON Number, not an object")]
    [TestCase("{\"a\": {\"dtype\": \"F64\", \"shape\": [1], \"data_offsets\": [0, 8]}, \"a\": {\"dtype\": \"F64\", \"shape\": [1], \"data_offsets\": [8, 16]}}", "the key \"a\" twice")]
    public void MalformedHeader(string header, string reason) =>
        AssertInvalid(ModelFileTestData.Join(header, new byte[16]), reason);

    [Test]
    public void OverlappingOffsets() =>
        AssertInvalid(Modified(h => SetOffsets(h, "0.bias", 88, 120)),
            "tensor \"0.bias\": data_offsets [88, 120] overlap tensor \"0.weight\" [0, 96]");

    [Test]
    public void OffsetsBeyondTheData() =>
        AssertInvalid(Modified(h => SetOffsets(h, "2.bias", 200, 216)),
            "tensor \"2.bias\": data_offsets [200, 216] go beyond the data section, which is 208 bytes");

    [Test]
    public void GapBetweenTensors() =>
        AssertInvalid(Modified(h => SetOffsets(h, "2.bias", 200, 216), extraData: 8),
            "data_offsets [200, 216] leave a gap after tensor \"2.weight\", which ends at 192");

    [Test]
    public void GapAtTheStart()
    {
        byte[] file = Modified(h =>
        {
            SetOffsets(h, "0.weight", 8, 104);
            SetOffsets(h, "0.bias", 104, 136);
            SetOffsets(h, "2.weight", 136, 200);
            SetOffsets(h, "2.bias", 200, 216);
        }, extraData: 8);
        AssertInvalid(file, "the data starts at byte 8, not 0");
    }

    [Test]
    public void OffsetsEndingBeforeTheyBegin() =>
        AssertInvalid(Modified(h => SetOffsets(h, "2.bias", 208, 192)), "data_offsets [208, 192] end before they begin");

    [Test]
    public void TrailingBytes() =>
        AssertInvalid(Modified(_ => { }, extraData: 8), "(8 trailing bytes)");

    [Test]
    public void UnknownDtype() =>
        AssertInvalid(Modified(h => h["0.weight"]!["dtype"] = "Q7"), "tensor \"0.weight\" has an unknown dtype \"Q7\"");

    [TestCase("BF16")]
    [TestCase("F16")]
    [TestCase("I64")]
    [TestCase("I32")]
    [TestCase("U8")]
    [TestCase("BOOL")]
    public void AnUnsupportedDtype_IsNamed(string dtype) =>
        AssertInvalid(Modified(h => h["0.bias"]!["dtype"] = dtype),
            $"tensor \"0.bias\" has dtype {dtype}, which TinyTensor does not read (it reads F64 and F32");

    [TestCase("[-3, 4]", "\"shape\" value -3 is not a non-negative integer")]
    [TestCase("[3.5, 4]", "\"shape\" value 3.5 is not a non-negative integer")]
    [TestCase("[\"3\", 4]", "\"shape\" value \"3\" is not a non-negative integer")]
    [TestCase("[4294967296, 4294967296, 4294967296]", "the byte count of shape [4294967296, 4294967296, 4294967296] overflows")]
    [TestCase("[1152921504606846976]", "the byte count of shape [1152921504606846976] overflows")]
    [TestCase("[3, 5]", "data_offsets [0, 96] span 96 bytes, but F64 shape [3, 5] needs 120")]
    [TestCase("7", "tensor \"0.weight\" has no \"shape\" array")]
    public void BadShape(string shape, string reason) =>
        AssertInvalid(Modified(h => h["0.weight"]!["shape"] = JsonNode.Parse(shape)), reason);

    [Test]
    public void OffsetsNotAPair() =>
        AssertInvalid(Modified(h => h["0.weight"]!["data_offsets"] = new JsonArray(0, 48, 96)), "\"data_offsets\" has 3 values; expected 2");

    [Test]
    public void ArchitectureShapeDoesNotMatchItsTensor() =>
        AssertInvalid(Modified(h => h["0.weight"]!["shape"] = new JsonArray(3, 4)),
            "tensor \"0.weight\" has shape [3, 4], but architecture module 0 is Linear(3, 4), which needs [4, 3]");

    [Test]
    public void ArchitectureDimsDoNotMatchTheTensors() =>
        AssertInvalid(Modified(h => SetArchitecture(h, "[{\"type\":\"Linear\",\"in\":3,\"out\":4},{\"type\":\"ReLU\"},{\"type\":\"Linear\",\"in\":4,\"out\":3},{\"type\":\"Softmax\"}]")),
            "tensor \"2.weight\" has shape [2, 4], but architecture module 2 is Linear(4, 3), which needs [3, 4]");

    [Test]
    public void MissingTensor() =>
        AssertInvalid(Modified(h => h.Remove("2.bias"), extraData: -16),
            "architecture module 2 is Linear(4, 2), but the file has no tensor \"2.bias\"");

    [Test]
    public void ExtraTensor() =>
        AssertInvalid(Modified(h => h["7.weight"] = new JsonObject { ["dtype"] = "F64", ["shape"] = new JsonArray(1), ["data_offsets"] = new JsonArray(208, 216) }, extraData: 8),
            "tensor \"7.weight\" belongs to no module of the architecture");

    [Test]
    public void LinearLayersThatDoNotChain()
    {
        // Linear(3, 4) then Linear(2, 2): shapes match their own tensors but 4 features cannot feed 2.
        var model = new TinyTensor.Layers.Sequential(new TinyTensor.Layers.Linear(3, 4, new RandomState(0)), new TinyTensor.Layers.Linear(2, 2, new RandomState(0)));
        AssertInvalid(ModelFileTestData.Bytes(model), "architecture module 1 is Linear(2, 2), but module 0 (Linear(3, 4)) gives 4 features");
    }

    [TestCase("not json", "the architecture is not valid JSON")]
    [TestCase("[]", "the architecture is not a non-empty JSON array")]
    [TestCase("{\"type\":\"ReLU\"}", "tensor \"0.weight\" belongs to no module of the architecture")]
    [TestCase("[{\"type\":\"Conv3d\"}]", "architecture module 0 has unknown type \"Conv3d\"")]
    [TestCase("[{\"kind\":\"ReLU\"}]", "architecture module 0 has no \"type\" string")]
    [TestCase("[5]", "architecture module 0 is a JSON Number, not an object")]
    [TestCase("[{\"type\":\"Linear\",\"in\":0,\"out\":4}]", "architecture module 0 (Linear) needs \"in\" as an integer ≥ 1")]
    [TestCase("[{\"type\":\"Linear\",\"in\":3,\"out\":99999999999}]", "architecture module 0 (Linear) needs \"out\" as an integer ≥ 1")]
    [TestCase("[{\"type\":\"LeakyReLU\"}]", "architecture module 0 (LeakyReLU) has no finite \"negative_slope\" number")]
    public void BadArchitecture(string architecture, string reason) =>
        AssertInvalid(Modified(h => SetArchitecture(h, architecture)), reason);

    [Test]
    public void NoMetadata() =>
        AssertInvalid(Modified(h => h.Remove("__metadata__")), "no \"format\": \"tinytensor\", so the file does not say which network its tensors belong to (a state_dict saved by PyTorch has none): build the network and load the tensors into it with ModelFile.LoadStateDict(model, path)");

    [Test]
    public void NoArchitecture() =>
        AssertInvalid(Modified(h => ((JsonObject)h["__metadata__"]!).Remove("architecture")), "the header's __metadata__ has no \"architecture\"");

    [Test]
    public void MetadataValueNotAString() =>
        AssertInvalid(Modified(h => h["__metadata__"]!["version"] = 1), "entry \"version\" is a JSON Number; metadata values must be strings");

    [Test]
    public void MetadataNotAnObject() =>
        AssertInvalid(Modified(h => h["__metadata__"] = "x"), "\"__metadata__\" is a JSON String, not an object of strings");

    [Test]
    public void AStreamShorterThanItClaims_IsInvalidData()
    {
        using var stream = new LyingStream(Valid[..^10], Valid.Length);
        Assert.That(() => ModelFile.Load(stream), Throws.TypeOf<InvalidDataException>().With.Message.Contains("the file ends before"));
    }

    private static void AssertInvalid(byte[] file, string reason) =>
        Assert.That(() => ModelFileTestData.Load(file), Throws.TypeOf<InvalidDataException>().With.Message.Contains(reason));

    /// <summary>The valid file with its header changed by <paramref name="edit"/> and <paramref name="extraData"/>
    /// bytes added to (or, if negative, cut from) the end of the data section.</summary>
    private static byte[] Modified(Action<JsonObject> edit, int extraData = 0)
    {
        (JsonObject header, byte[] data) = ModelFileTestData.Split(Valid);
        edit(header);
        byte[] newData = new byte[data.Length + extraData];
        data.AsSpan(0, Math.Min(data.Length, newData.Length)).CopyTo(newData);
        return ModelFileTestData.Join(header, newData);
    }

    private static void SetOffsets(JsonObject header, string name, long begin, long end) =>
        header[name]!["data_offsets"] = new JsonArray(begin, end);

    private static void SetArchitecture(JsonObject header, string architecture) =>
        header["__metadata__"]!["architecture"] = architecture;
}
