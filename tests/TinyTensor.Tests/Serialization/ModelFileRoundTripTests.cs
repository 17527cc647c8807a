using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using TinyTensor.Layers;
using TinyTensor.Serialization;
using TinyTensor.Tests.Support;

namespace TinyTensor.Tests.Serialization;

/// <summary>Save → load gives the same model, bit for bit, and the bytes follow the safetensors layout.</summary>
[TestFixture]
public sealed class ModelFileRoundTripTests
{
    [Test]
    public void RoundTrip_ThroughAStream_KeepsEveryLayerAndParameterBitForBit_AndThePredictions()
    {
        Sequential model = ModelFileTestData.AllLayerTypes();
        Sequential loaded = ModelFileTestData.Load(ModelFileTestData.Bytes(model));

        ModelFileTestData.AssertSameModel(loaded, model);
        Assert.That(((LeakyReLU)loaded.Modules[7]).NegativeSlope, Is.EqualTo(0.1));
        Tensor x = new RandomState(3).Randn(50, 6);
        double[] expectedOutput = model.Forward(x).ToArray();
        AssertTensor.BitwiseEqual(loaded.Forward(x).AsReadOnlySpan(), expectedOutput, "outputs");
        Assert.That(loaded.Predict(x), Is.EqualTo(model.Predict(x)));
    }

    [Test]
    public void RoundTrip_ThroughAFile_KeepsTheModel()
    {
        string folder = Directory.CreateTempSubdirectory("tinytensor-").FullName;
        try
        {
            string path = Path.Combine(folder, "model.safetensors");
            Sequential model = ModelFileTestData.AllLayerTypes();
            ModelFile.Save(model, path);
            ModelFileTestData.AssertSameModel(ModelFile.Load(path), model);
            Assert.That(Directory.GetFiles(folder), Is.EqualTo(new[] { path }), "no temporary file left behind");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void RoundTrip_ThroughANonSeekableStream_Works()
    {
        byte[] bytes = ModelFileTestData.Bytes(ModelFileTestData.Small());
        using var stream = new ForwardOnlyStream(bytes);
        ModelFileTestData.AssertSameModel(ModelFile.Load(stream), ModelFileTestData.Small());
    }

    [Test]
    public void Bytes_AreDeterministic_AndSurviveALoadAndSave()
    {
        byte[] first = ModelFileTestData.Bytes(ModelFileTestData.AllLayerTypes());
        byte[] second = ModelFileTestData.Bytes(ModelFileTestData.AllLayerTypes());
        byte[] resaved = ModelFileTestData.Bytes(ModelFileTestData.Load(first));
        Assert.That(second, Is.EqualTo(first));
        Assert.That(resaved, Is.EqualTo(first));
    }

    [Test]
    public void Layout_IsSafetensors_HeaderLengthThenPaddedJsonThenLittleEndianData()
    {
        Sequential model = ModelFileTestData.Small();
        byte[] file = ModelFileTestData.Bytes(model);
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(file);
        Assert.That(n % 8, Is.Zero, "header padded to a multiple of 8");
        string headerText = Encoding.UTF8.GetString(file, 8, (int)n);
        Assert.That(headerText, Does.StartWith("{\"__metadata__\":{\"format\":\"tinytensor\",\"version\":\"3\",\"architecture\":"));
        Assert.That(headerText.TrimEnd(' '), Does.EndWith("}"));

        using JsonDocument header = JsonDocument.Parse(headerText);
        JsonElement root = header.RootElement;
        string architecture = root.GetProperty("__metadata__").GetProperty("architecture").GetString()!;
        Assert.That(architecture, Is.EqualTo(
            "[{\"type\":\"Linear\",\"in\":3,\"out\":4},{\"type\":\"ReLU\"},{\"type\":\"Linear\",\"in\":4,\"out\":2},{\"type\":\"Softmax\"}]"));

        // PyTorch's state_dict shapes: nn.Linear's weight is (out, in), TinyTensor's W (in, out) transposed.
        string[] names = ["0.weight", "0.bias", "2.weight", "2.bias"];
        int[][] shapes = [[4, 3], [4], [2, 4], [2]];
        Assert.That(root.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "__metadata__" }.Concat(names)));
        long offset = 0;
        for (int i = 0; i < names.Length; i++)
        {
            JsonElement entry = root.GetProperty(names[i]);
            Assert.That(entry.GetProperty("dtype").GetString(), Is.EqualTo("F64"));
            Assert.That(entry.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()), Is.EqualTo(shapes[i]));
            long begin = entry.GetProperty("data_offsets")[0].GetInt64(), end = entry.GetProperty("data_offsets")[1].GetInt64();
            Assert.That(begin, Is.EqualTo(offset), $"{names[i]} follows the previous tensor");
            Tensor parameter = model.Parameters[i];
            ReadOnlySpan<double> values = parameter.Rank == 2 ? ModelFileTestData.Transposed(parameter) : parameter.AsReadOnlySpan();
            Assert.That(end - begin, Is.EqualTo(values.Length * 8));
            for (int k = 0; k < values.Length; k++)
            {
                long bits = BinaryPrimitives.ReadInt64LittleEndian(file.AsSpan(8 + (int)n + (int)begin + (k * 8)));
                Assert.That(bits, Is.EqualTo(BitConverter.DoubleToInt64Bits(values[k])), $"{names[i]}[{k}]");
            }

            offset = end;
        }

        Assert.That(file, Has.Length.EqualTo(8 + (long)n + offset), "no trailing bytes");
    }

    [Test]
    public void Save_RejectsALayerTheFormatCannotHold_BeforeWritingAnything()
    {
        var model = new Sequential(new Linear(2, 2, new RandomState(0)), new UnregisteredLayer());
        using var stream = new MemoryStream();
        Assert.That(() => ModelFile.Save(model, stream),
            Throws.ArgumentException.With.Message.Contains("module 1 is a UnregisteredLayer").And.Message.Contains("not registered"));
        Assert.That(stream.Length, Is.Zero);
    }

    /// <summary>A stream that cannot seek, like a pipe.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }
    }
}
