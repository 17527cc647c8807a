using System.Globalization;
using System.Text.Json;
using TinyTensor.Layers;

namespace TinyTensor.Serialization;

/// <summary>
/// One module of a saved architecture: its type name and hyper-parameters, as one JSON object of the
/// "architecture" metadata string, e.g. <c>{"type":"Linear","in":64,"out":128}</c> or
/// <c>{"type":"LeakyReLU","negative_slope":0.01}</c>.
/// </summary>
internal sealed record LayerSpec(string Type, int In = 0, int Out = 0, double NegativeSlope = 0.0)
{
    public const string LinearType = "Linear";

    /// <summary>The spec of a module, or an <see cref="ArgumentException"/> for a layer type the format cannot hold.</summary>
    public static LayerSpec Of(Layer module, int index) => module switch
    {
        Linear linear => new LayerSpec(LinearType, linear.InputDims, linear.OutputDims),
        ReLU => new LayerSpec(nameof(ReLU)),
        Softmax => new LayerSpec(nameof(Softmax)),
        Sigmoid => new LayerSpec(nameof(Sigmoid)),
        Tanh => new LayerSpec(nameof(Tanh)),
        LeakyReLU leaky => new LayerSpec(nameof(LeakyReLU), NegativeSlope: leaky.NegativeSlope),
        _ => throw new ArgumentException(
            $"ModelFile.Save: module {index} is a {module.GetType().Name}, which a model file cannot hold " +
            "(supported: Linear, ReLU, Softmax, Sigmoid, Tanh, LeakyReLU).", nameof(module)),
    };

    public void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("type", Type);
        if (Type == LinearType)
        {
            writer.WriteNumber("in", In);
            writer.WriteNumber("out", Out);
        }
        else if (Type == nameof(LeakyReLU))
        {
            // Utf8JsonWriter writes the shortest string that parses back to the same double.
            writer.WriteNumber("negative_slope", NegativeSlope);
        }

        writer.WriteEndObject();
    }

    /// <summary>Reads one module; every problem is an <see cref="InvalidDataException"/> naming the module.</summary>
    public static LayerSpec Read(JsonElement element, int index)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(index, $"is a JSON {element.ValueKind}, not an object");
        }

        if (!element.TryGetProperty("type", out JsonElement typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            throw Invalid(index, "has no \"type\" string");
        }

        string type = typeElement.GetString()!;
        switch (type)
        {
            case LinearType:
                return new LayerSpec(type, ReadDim(element, "in", index), ReadDim(element, "out", index));
            case nameof(ReLU):
            case nameof(Softmax):
            case nameof(Sigmoid):
            case nameof(Tanh):
                return new LayerSpec(type);
            case nameof(LeakyReLU):
                if (!element.TryGetProperty("negative_slope", out JsonElement slope) || slope.ValueKind != JsonValueKind.Number
                    || !slope.TryGetDouble(out double value) || !double.IsFinite(value))
                {
                    throw Invalid(index, "(LeakyReLU) has no finite \"negative_slope\" number");
                }

                return new LayerSpec(type, NegativeSlope: value);
            default:
                throw Invalid(index, $"has unknown type \"{type}\" (known: Linear, ReLU, Softmax, Sigmoid, Tanh, LeakyReLU)");
        }
    }

    /// <summary>A layer without parameters; Linear layers are built from their tensors by the reader.</summary>
    public Layer CreateActivation() => Type switch
    {
        nameof(ReLU) => new ReLU(),
        nameof(Softmax) => new Softmax(),
        nameof(Sigmoid) => new Sigmoid(),
        nameof(Tanh) => new Tanh(),
        nameof(LeakyReLU) => new LeakyReLU(NegativeSlope),
        _ => throw new InvalidOperationException($"LayerSpec: {Type} has parameters."),
    };

    public override string ToString() => Type switch
    {
        LinearType => string.Create(CultureInfo.InvariantCulture, $"Linear({In}, {Out})"),
        nameof(LeakyReLU) => string.Create(CultureInfo.InvariantCulture, $"LeakyReLU({NegativeSlope:R})"),
        _ => Type + "()",
    };

    private static int ReadDim(JsonElement element, string name, int index)
    {
        if (!element.TryGetProperty(name, out JsonElement dim) || dim.ValueKind != JsonValueKind.Number
            || !dim.TryGetInt32(out int value) || value < 1)
        {
            throw Invalid(index, $"(Linear) needs \"{name}\" as an integer ≥ 1");
        }

        return value;
    }

    private static InvalidDataException Invalid(int index, string problem) =>
        new($"architecture module {index} {problem}.");
}
