using System.Text.Json;

namespace TinyTensor.Serialization;

/// <summary>
/// The hyper-parameters of one module as read from a model file's architecture, e.g. <c>{"type":"Linear","in":3,"out":4}</c>,
/// with getters whose failures are <see cref="InvalidDataException"/>s naming the module and the value.
/// </summary>
/// <remarks>Valid only while the loader (or <see cref="ModelFile.Save(Layers.Layer, string)"/>) runs a
/// <see cref="LayerFormat"/>: do not keep it.</remarks>
public sealed class LayerConfig
{
    internal LayerConfig(JsonElement json, string where, string typeName)
    {
        Json = json;
        Where = where;
        TypeName = typeName;
    }

    /// <summary>The module's JSON object, "type" included.</summary>
    public JsonElement Json { get; }

    /// <summary>The registered type name.</summary>
    public string TypeName { get; }

    /// <summary>Where the module is, for messages: "architecture module 2", "architecture module 1.0".</summary>
    internal string Where { get; }

    /// <summary>The integer <paramref name="name"/>, at least <paramref name="minimum"/>.</summary>
    /// <exception cref="InvalidDataException">It is missing, not an integer, does not fit an int or is below the minimum.</exception>
    public int GetInt32(string name, int minimum = 1)
    {
        if (!Json.TryGetProperty(name, out JsonElement value) || value.ValueKind != JsonValueKind.Number
            || !value.TryGetInt32(out int result) || result < minimum)
        {
            throw Invalid($"needs \"{name}\" as an integer ≥ {minimum}");
        }

        return result;
    }

    /// <summary>The finite number <paramref name="name"/>.</summary>
    /// <exception cref="InvalidDataException">It is missing, not a number, or NaN/±∞.</exception>
    public double GetFiniteDouble(string name)
    {
        if (!Json.TryGetProperty(name, out JsonElement value) || value.ValueKind != JsonValueKind.Number
            || !value.TryGetDouble(out double result) || !double.IsFinite(result))
        {
            throw Invalid($"has no finite \"{name}\" number");
        }

        return result;
    }

    /// <summary>A problem with this module's hyper-parameters, e.g. <c>Invalid("needs \"in\" as an integer ≥ 1")</c>
    /// gives "architecture module 0 (Linear) needs "in" as an integer ≥ 1.".</summary>
    public InvalidDataException Invalid(string problem) => new($"{Where} ({TypeName}) {problem}.");

    /// <summary>The type name and the hyper-parameter values as written: <c>Linear(3, 4)</c>, <c>LeakyReLU(0.01)</c>, <c>ReLU()</c>.</summary>
    public override string ToString() =>
        TypeName + "(" + string.Join(", ", Json.EnumerateObject().Where(p => p.Name != LayerFormat.TypeKey).Select(p => p.Value.GetRawText())) + ")";
}
