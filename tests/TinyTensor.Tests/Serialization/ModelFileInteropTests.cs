using System.Text.Json;
using TinyTensor.Layers;
using TinyTensor.Serialization;
using TinyTensor.Tests.PyTorch;

namespace TinyTensor.Tests.Serialization;

/// <summary>
/// The file opens in Python with json + numpy alone: tests/python/check_safetensors.py reads it, compares every
/// parameter bit for bit and re-runs the forward pass in NumPy, for a flat network, nested chains and a single layer. Fails when /usr/bin/python3 has no NumPy (install
/// python3-numpy; .ci/run does).
/// The files stay in the test's work folder (interop/) so the check can be re-run by hand.
/// </summary>
[TestFixture]
public sealed class ModelFileInteropTests
{
    private const string Python = ReferencePython.Path;

    [TestCase("flat")]
    [TestCase("nested")]
    [TestCase("single")]
    [TestCase("float32")]
    public void NumPy_ReadsTheParametersBitForBit_AndReproducesThePredictions(string kind)
    {
        Assert.That(PythonHasNumPy(), Is.True, $"{Python} with NumPy is needed: apt-get install python3-numpy.");

        string folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "interop");
        Directory.CreateDirectory(folder);
        string modelPath = Path.Combine(folder, $"model-{kind}.safetensors");
        string expectedPath = Path.Combine(folder, $"expected-{kind}.json");

        var rng = new RandomState(5);
        Layer model = kind switch
        {
            "flat" => ModelFileTestData.AllLayerTypes(),
            "nested" => new Sequential(new Sequential(new Linear(6, 5, rng), new Tanh()), new Sequential(new Linear(5, 4, rng), new LeakyReLU(0.1)), new Linear(4, 3, rng)),
            "float32" => ModelFileTestData.AllLayerTypes().To(DType.Float32),
            _ => new Linear(6, 3, rng),
        };
        ModelFile.Save(model, modelPath);

        // A float32 file (F32 tensors) is checked in float64 on both sides: the script widens what it reads, and the
        // expected values are the model's float32 values widened (exactly) and its float64 forward pass.
        model.To(DType.Float64);
        Tensor x = new RandomState(8).Randn(20, 6);
        WriteExpected(expectedPath, model, x);

        string script = Path.Combine(ReferencePython.RepositoryRoot(), "tests", "python", "check_safetensors.py");
        (int exitCode, string output) = ReferencePython.Run(script, modelPath, expectedPath);
        TestContext.Out.WriteLine(output);
        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Contain("predictions identical: True").And.EndWith("OK\n"));
    }

    private static void WriteExpected(string path, Layer model, Tensor x)
    {
        using var stream = File.Create(path);
        using var writer = new Utf8JsonWriter(stream);
        writer.WriteStartObject();
        writer.WriteStartObject("parameters");
        foreach ((string name, Parameter parameter) in model.NamedParameters())
        {
            // As the file stores it: a Linear weight (the only matrix parameter here) in PyTorch's (out, in).
            Tensor value = parameter.Value;
            WriteArray(writer, name, value.Rank == 2 ? ModelFileTestData.Transposed(value) : value.ToArray());
        }

        writer.WriteEndObject();
        WriteMatrix(writer, "input", x);
        WriteMatrix(writer, "output", model.Forward(x));
        writer.WriteStartArray("predictions");
        foreach (int p in new Sequential(model).Predict(x))
        {
            writer.WriteNumberValue(p);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteMatrix(Utf8JsonWriter writer, string name, Tensor m)
    {
        writer.WriteStartArray(name);
        for (int r = 0; r < m.Dim(0); r++)
        {
            writer.WriteStartArray();
            foreach (double v in m.Row(r))
            {
                writer.WriteNumberValue(v);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndArray();
    }

    private static void WriteArray(Utf8JsonWriter writer, string name, ReadOnlySpan<double> values)
    {
        writer.WriteStartArray(name);
        foreach (double v in values)
        {
            writer.WriteNumberValue(v);
        }

        writer.WriteEndArray();
    }

    private static bool PythonHasNumPy() => File.Exists(Python) && ReferencePython.Run("-c", "import numpy").ExitCode == 0;
}
