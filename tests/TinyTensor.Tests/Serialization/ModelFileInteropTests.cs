using System.Text.Json;
using TinyTensor.Layers;
using TinyTensor.Serialization;
using TinyTensor.Tests.PyTorch;

namespace TinyTensor.Tests.Serialization;

/// <summary>
/// The file opens in Python with json + numpy alone: tests/python/check_safetensors.py reads it, compares every
/// parameter bit for bit and re-runs the forward pass in NumPy. Fails when /usr/bin/python3 has no NumPy (install
/// python3-numpy; .ci/run does).
/// The files stay in the test's work folder (interop/) so the check can be re-run by hand.
/// </summary>
[TestFixture]
public sealed class ModelFileInteropTests
{
    private const string Python = ReferencePython.Path;

    [Test]
    public void NumPy_ReadsTheParametersBitForBit_AndReproducesThePredictions()
    {
        Assert.That(PythonHasNumPy(), Is.True, $"{Python} with NumPy is needed: apt-get install python3-numpy.");

        string folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "interop");
        Directory.CreateDirectory(folder);
        string modelPath = Path.Combine(folder, "model.safetensors");
        string expectedPath = Path.Combine(folder, "expected.json");

        Sequential model = ModelFileTestData.AllLayerTypes();
        ModelFile.Save(model, modelPath);
        Tensor x = new RandomState(8).Randn(20, 6);
        WriteExpected(expectedPath, model, x);

        string script = Path.Combine(ReferencePython.RepositoryRoot(), "tests", "python", "check_safetensors.py");
        (int exitCode, string output) = ReferencePython.Run(script, modelPath, expectedPath);
        TestContext.Out.WriteLine(output);
        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Contain("predictions identical: True").And.EndWith("OK\n"));
    }

    private static void WriteExpected(string path, Sequential model, Tensor x)
    {
        using var stream = File.Create(path);
        using var writer = new Utf8JsonWriter(stream);
        writer.WriteStartObject();
        writer.WriteStartObject("parameters");
        for (int i = 0; i < model.Modules.Count; i++)
        {
            if (model.Modules[i] is Linear linear)
            {
                // As the file stores it: PyTorch's (out, in).
                WriteArray(writer, $"{i}.weight", ModelFileTestData.Transposed(linear.Weight));
                WriteArray(writer, $"{i}.bias", linear.Bias.AsReadOnlySpan());
            }
        }

        writer.WriteEndObject();
        WriteMatrix(writer, "input", x);
        WriteMatrix(writer, "output", model.Forward(x));
        writer.WriteStartArray("predictions");
        foreach (int p in model.Predict(x))
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
