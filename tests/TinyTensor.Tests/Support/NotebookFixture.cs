using System.Text.Json;
using TinyTensor.Layers;

namespace TinyTensor.Tests.Support;

/// <summary>The notebook's toy model and data, built exactly as the notebook's init_toy_model / init_toy_data.</summary>
internal static class Notebook
{
    public const int InputSize = 4;
    public const int HiddenSize = 10;
    public const int NumClasses = 3;
    public const int NumInputs = 10;

    /// <summary>seed(0); Linear(4, 10); ReLU; Linear(10, 3); Softmax.</summary>
    public static Sequential InitToyModel()
    {
        var rng = new RandomState(0);
        var l1 = new Linear(InputSize, HiddenSize, rng);
        var l2 = new Linear(HiddenSize, NumClasses, rng);
        return new Sequential(l1, new ReLU(), l2, new Softmax());
    }

    /// <summary>seed(0); X = 10 * randn(10, 4); y = randint(3, size=10).</summary>
    public static (Tensor X, int[] Y) InitToyData()
    {
        var rng = new RandomState(0);
        Tensor x = rng.Randn(NumInputs, InputSize);
        Span<double> values = x.AsSpan();
        for (int i = 0; i < values.Length; i++)
        {
            values[i] *= 10;
        }

        return (x, rng.RandInt(0, NumClasses, NumInputs));
    }
}

/// <summary>notebook-reference.json: every intermediate value of the notebook, computed by NumPy in full precision.</summary>
internal sealed class NotebookReferenceData
{
    private NotebookReferenceData(JsonElement root) => Root = root;

    public JsonElement Root { get; }

    public static NotebookReferenceData Load()
    {
        using var stream = File.OpenRead(FixturePath.Of("notebook-reference.json"));
        using var document = JsonDocument.Parse(stream);
        return new NotebookReferenceData(document.RootElement.Clone());
    }

    public double[] Flat(string name) => Flatten(Root.GetProperty(name));

    public double[] Flat(string name, int index) => Flatten(Root.GetProperty(name)[index]);

    public double Scalar(string name) => Root.GetProperty(name).GetDouble();

    public int[] Ints(string name) => Root.GetProperty(name).EnumerateArray().Select(e => e.GetInt32()).ToArray();

    public static double[] Flatten(JsonElement element)
    {
        var values = new List<double>();
        Add(element);
        return values.ToArray();

        void Add(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement child in e.EnumerateArray())
                {
                    Add(child);
                }
            }
            else
            {
                values.Add(e.GetDouble());
            }
        }
    }
}
