using System.Text.Json.Nodes;
using TinyTensor.Init;
using TinyTensor.Layers;
using TinyTensor.Optim;
using TinyTensor.Tests.Support;

namespace TinyTensor.Tests.PyTorch;

/// <summary>
/// A float32 MLP (Linear layers with ReLU, LeakyReLU, Tanh and Sigmoid between them) against PyTorch 1.13 in
/// torch.float32, run by <c>float32_mlp_reference.py</c> on the same float32 parameters and batch: the forward pass,
/// both losses, every gradient, and two steps of SGD (momentum, weight decay) and of Adam (weight decay). A missing
/// PyTorch is a failure.
/// </summary>
/// <remarks>
/// Tolerance: |actual − expected| ≤ t·(|expected| + max|expected|), per tensor, with t = 1e-6 ≈ 8.4 ε₃₂ (ε₃₂ = 2⁻²³ ≈
/// 1.19e-7) for the forward pass, the losses, the gradients and SGD. Both sides round every operation to float32 but in
/// different orders (PyTorch's sgemm blocks and its vectorised softmax and reductions against TinyTensor's GEMM,
/// float64-accumulated softmax and row-ordered bias sums): a dot product of k ≤ 32 terms has a rounding error below
/// γ_k ≈ k·ε₃₂ of Σ|terms|, in practice ≈ √k·ε₃₂/2 (the forward pass and the losses agree within 2 ε₃₂ here); the
/// max|expected| term covers cancellation (small entries of a tensor carry the absolute error of its large ones).
/// Adam gets t = 1e-5: its first step moves each parameter by lr·g/(|g| + ε), which turns the relative error of a
/// gradient entry near ε = 1e-8 (large after cancellation) into an absolute error of up to lr times it (≈ 2e-6 seen
/// here with lr = 1e-2). A wrong formula, a float64 leak or a lost rounding differs by orders of magnitude more.
/// </remarks>
[TestFixture]
public sealed class Float32MlpReferenceTests
{
    private const double Tolerance = 1e-6;
    private const double AdamTolerance = 1e-5;
    private static readonly int[] Widths = [20, 32, 24, 16, 12, 10];
    private const int Batch = 24;
    private const double SgdLr = 0.1, SgdMomentum = 0.9, SgdWeightDecay = 1e-2;
    private const double AdamLr = 1e-2, AdamBeta1 = 0.9, AdamBeta2 = 0.999, AdamEps = 1e-8, AdamWeightDecay = 1e-3;

    private Tensor _x = null!;
    private int[] _y = null!;
    private JsonNode _torch = null!;

    [OneTimeSetUp]
    public void RunPyTorch()
    {
        var rng = new RandomState(2024);
        _x = rng.Randn(DType.Float32, Batch, Widths[0]);
        _y = Enumerable.Range(0, Batch).Select(i => (int)(rng.RandomSample() * Widths[^1])).ToArray();
        Sequential model = Model();
        var request = new JsonObject
        {
            ["x"] = Rows(_x),
            ["y"] = new JsonArray(_y.Select(v => (JsonNode)v).ToArray()),
            ["layers"] = new JsonArray(model.Modules.OfType<Linear>().Select(l => (JsonNode)new JsonObject
            {
                ["weight"] = Rows(l.Weight),
                ["bias"] = new JsonArray(l.Bias.ToArray().Select(v => (JsonNode)v).ToArray()),
            }).ToArray()),
            ["activations"] = new JsonArray("relu", "leaky_relu:0.1", "tanh", "sigmoid"),
            ["sgd"] = new JsonObject { ["lr"] = SgdLr, ["momentum"] = SgdMomentum, ["weight_decay"] = SgdWeightDecay },
            ["adam"] = new JsonObject { ["lr"] = AdamLr, ["beta1"] = AdamBeta1, ["beta2"] = AdamBeta2, ["eps"] = AdamEps, ["weight_decay"] = AdamWeightDecay },
        };

        string dir = Directory.CreateTempSubdirectory("tt-f32-mlp-").FullName;
        try
        {
            string requestPath = Path.Combine(dir, "request.json"), responsePath = Path.Combine(dir, "response.json");
            File.WriteAllText(requestPath, request.ToJsonString());
            string script = Path.Combine(ReferencePython.RepositoryRoot(), "tests", "TinyTensor.Tests", "PyTorch", "float32_mlp_reference.py");
            (int exitCode, string output) = ReferencePython.Run(script, requestPath, responsePath);
            Assert.That(exitCode, Is.Zero, $"float32_mlp_reference.py failed:\n{output}");
            _torch = JsonNode.Parse(File.ReadAllText(responsePath))!;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void ForwardPass_MatchesPyTorchFloat32()
    {
        Sequential model = Model();
        Tensor logits = model.Forward(_x);
        Assert.That(logits.DType, Is.EqualTo(DType.Float32));
        AssertClose(logits.ToArray(), Values(_torch["logits"]!), "logits");
        Tensor probabilities = new Softmax().Forward(logits);
        AssertClose(probabilities.ToArray(), Values(_torch["probabilities"]!), "softmax");
    }

    [Test]
    public void Losses_MatchPyTorchFloat32()
    {
        Tensor logits = Model().Forward(_x);
        double loss = new SoftmaxCrossEntropyLoss().Forward(logits, _y);
        double nll = new CrossEntropyLoss().Forward(new Softmax().Forward(logits), _y);
        AssertClose([loss], [_torch["loss"]!.GetValue<double>()], "cross_entropy");
        AssertClose([nll], [_torch["nll_of_softmax"]!.GetValue<double>()], "nll_loss(log(softmax))");
    }

    [Test]
    public void Gradients_MatchPyTorchFloat32()
    {
        Sequential model = Model();
        var loss = new SoftmaxCrossEntropyLoss();
        loss.Forward(model.Forward(_x), _y);
        model.ZeroGrad();
        Tensor inputGrad = model.Backward(loss.Backward());
        Assert.That(inputGrad.DType, Is.EqualTo(DType.Float32));
        JsonArray grads = _torch["grads"]!.AsArray();
        for (int i = 0; i < model.Grads.Count; i++)
        {
            Assert.That(model.Grads[i]!.DType, Is.EqualTo(DType.Float32));
            AssertClose(model.Grads[i]!.ToArray(), Values(grads[i]!), $"gradient of {model.NamedParameters().ElementAt(i).Name}");
        }

        AssertClose(inputGrad.ToArray(), Values(_torch["input_grad"]!), "gradient of x");
    }

    [Test]
    public void TwoSgdStepsWithMomentumAndWeightDecay_MatchPyTorchFloat32()
    {
        Sequential model = Model();
        AssertSteps(model, new SGD(model, SgdLr, SgdWeightDecay, SgdMomentum), "sgd", Tolerance);
    }

    [Test]
    public void TwoAdamSteps_MatchPyTorchFloat32()
    {
        Sequential model = Model();
        AssertSteps(model, new Adam(model, AdamLr, AdamBeta1, AdamBeta2, AdamEps, AdamWeightDecay), "adam", AdamTolerance);
    }

    private void AssertSteps(Sequential model, Optimizer optimizer, string name, double tolerance)
    {
        var loss = new SoftmaxCrossEntropyLoss();
        JsonArray steps = _torch[name]!.AsArray();
        for (int step = 0; step < 2; step++)
        {
            optimizer.ZeroGrad();
            double value = loss.Forward(model.Forward(_x), _y);
            model.BackwardParameters(loss.Backward());
            optimizer.Step();
            AssertClose([value], [steps[step]!["loss"]!.GetValue<double>()], $"{name} step {step + 1} loss", tolerance);
            JsonArray expected = steps[step]!["params"]!.AsArray();
            for (int i = 0; i < model.Parameters.Count; i++)
            {
                Assert.That(model.Parameters[i].DType, Is.EqualTo(DType.Float32));
                AssertClose(model.Parameters[i].ToArray(), Values(expected[i]!), $"{name} step {step + 1}, parameter {i}", tolerance);
            }
        }
    }

    /// <summary>The network, drawn in float64 (Kaiming-uniform weights) and converted: the float64 draws rounded.</summary>
    private static Sequential Model()
    {
        var rng = new RandomState(7);
        Layer Lin(int i) => new Linear(Widths[i], Widths[i + 1], rng, Initializer.KaimingUniform());
        var model = new Sequential(Lin(0), new ReLU(), Lin(1), new LeakyReLU(0.1), Lin(2), new Tanh(), Lin(3), new Sigmoid(), Lin(4));
        model.To(DType.Float32);
        return model;
    }

    private static void AssertClose(double[] actual, double[] expected, string what, double tolerance = Tolerance)
    {
        double scale = expected.Max(Math.Abs);
        AssertTensor.AllClose(actual, expected, tolerance, tolerance * scale, what);
    }

    private static JsonArray Rows(Tensor matrix) =>
        new(Enumerable.Range(0, matrix.Shape[0])
            .Select(r => (JsonNode)new JsonArray(Enumerable.Range(0, matrix.Shape[1]).Select(c => (JsonNode)matrix[r, c]).ToArray()))
            .ToArray());

    private static double[] Values(JsonNode node) => node.AsArray().Select(v => v!.GetValue<double>()).ToArray();
}
