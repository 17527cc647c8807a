using System.Text.Json.Nodes;
using TinyTensor.Layers;
using TinyTensor.Serialization;

namespace TinyTensor.Tests.Serialization;

/// <summary>
/// A layer defined outside the library, as a user would: y = x ⊙ w, one learned factor per feature (w is (features,)),
/// with its model-file description next to it and a registration, so models containing it save and load.
/// </summary>
internal sealed class Scale : Layer
{
    private readonly Parameter _weight;
    private Tensor? _input;
    private Tensor? _output;

    public Scale(Tensor weight)
    {
        _weight = new Parameter("weight", weight);
        OwnParameters = [_weight];
    }

    /// <summary>{"type":"Scale","features":n}, one parameter "weight" of shape (n,).</summary>
    public static LayerFormat<Scale> Format { get; } = new("Scale",
        describe: scale => new JsonObject { ["features"] = scale.Features },
        create: (_, parameters) => new Scale(parameters["weight"]),
        parameterShapes: config => [("weight", [config.GetInt32("features")])]);

    public int Features => _weight.Value.Length;

    public override IReadOnlyList<Parameter> OwnParameters { get; }

    /// <summary>Registers the format; safe to call more than once.</summary>
    public static void Register() => LayerRegistry.Register(Format);

    // x is (N, features), y is (N, features).
    public override Tensor Forward(Tensor input)
    {
        int n = input.Dim(0), d = Features;
        _output = new Tensor(n, d);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < d; j++)
            {
                _output[i, j] = input[i, j] * _weight.Value[j];
            }
        }

        _input = input;
        return _output;
    }

    // dw = Σ_rows dout ⊙ x, dx = dout ⊙ w.
    public override Tensor Backward(Tensor outputGradient)
    {
        int n = outputGradient.Dim(0), d = Features;
        Tensor grad = _weight.PrepareGrad(out bool accumulate);
        var dx = new Tensor(n, d);
        for (int j = 0; j < d; j++)
        {
            double sum = accumulate ? grad[j] : 0.0;
            for (int i = 0; i < n; i++)
            {
                sum += outputGradient[i, j] * _input![i, j];
                dx[i, j] = outputGradient[i, j] * _weight.Value[j];
            }

            grad[j] = sum;
        }

        return dx;
    }

    public override string ToString() => $"Scale({Features})";
}
