using System.Text.Json;
using System.Text.Json.Nodes;
using TinyTensor.Init;
using TinyTensor.Layers;
using TinyTensor.Optim;
using TinyTensor.Serialization;
using TinyTensor.Tests.Serialization;
using TinyTensor.Tests.Support;

namespace TinyTensor.Tests.PyTorch;

/// <summary>
/// Model files against real PyTorch (Debian's python3-torch under /usr/bin/python3), both ways, in float64 and
/// float32: TinyTensor trains networks for a few steps and saves them (two of them converted to float32 first), PyTorch
/// builds the <c>torch.nn.Sequential</c> each file's metadata describes, in the type it records, and
/// <c>load_state_dict</c>s its tensors; PyTorch trains networks and saves their state_dicts in
/// <c>safetensors.torch.save_file</c>'s layout (F64, F32, and a BatchNorm's I64 counter), TinyTensor loads them into
/// the architecture, in the file's type. Parameters must be the same bits in the same type, outputs (in float64) the
/// same to float64 round-off.
/// </summary>
/// <remarks>One Python process for the fixture (tests/TinyTensor.Tests/PyTorch/torch_interop.py, ~2 s, mostly
/// importing torch). Without python3-torch the set-up fails, and so does every test here: they never skip.
/// The files stay in the test's work folder (pytorch/) to re-run the script by hand.</remarks>
[TestFixture]
public sealed class PyTorchInteropTests
{
    /// <summary>Forward passes agree to float64 round-off: PyTorch sums inside a Linear layer in another order and its
    /// exp/tanh may differ in the last bit. Measured: at most 2.3e-16 (1–2 ulps) on outputs of order 1; 1e-14 leaves
    /// room for the other SIMD paths' summation orders and is nowhere near float32's 1e-7.</summary>
    private const double OutputTolerance = 1e-14;

    private const int Features = 6;

    /// <summary>Networks TinyTensor trains and saves; together they hold every activation type.</summary>
    private static readonly Dictionary<string, Func<RandomState, Sequential>> TinyTensorNetworks = new()
    {
        ["relu-tanh-softmax"] = rng => new Sequential(new Linear(Features, 8, rng, Initializer.KaimingUniform()), new ReLU(),
            new Linear(8, 5, rng, Initializer.XavierUniform()), new Tanh(), new Linear(5, 3, rng, Initializer.XavierNormal()), new Softmax()),
        ["leakyrelu-sigmoid"] = rng => new Sequential(new Linear(Features, 7, rng, Initializer.KaimingNormal()), new LeakyReLU(0.1),
            new Linear(7, 4, rng, Initializer.XavierUniform()), new Sigmoid(), new Linear(4, 3, rng, Initializer.XavierUniform())),
        ["nested-tanh"] = rng => new Sequential(new Sequential(new Linear(Features, 5, rng, Initializer.XavierUniform()), new Tanh()),
            new Linear(5, 3, rng, Initializer.XavierUniform())),
        ["f32-relu-softmax"] = rng => new Sequential(new Linear(Features, 8, rng, Initializer.KaimingUniform()), new ReLU(),
            new Linear(8, 3, rng, Initializer.XavierUniform()), new Softmax()),
        ["f32-nested-leakyrelu"] = rng => new Sequential(new Sequential(new Linear(Features, 7, rng, Initializer.KaimingNormal()), new LeakyReLU(0.1)),
            new Linear(7, 3, rng, Initializer.XavierNormal())),
    };

    /// <summary>The TinyTensor networks saved in float32: trained in float64, then converted (<see cref="Layer.To(DType)"/>).</summary>
    private static bool IsFloat32(string name) => name.StartsWith("f32-", StringComparison.Ordinal) || name.StartsWith("torch-f32-", StringComparison.Ordinal);

    /// <summary>Networks PyTorch trains (its own default initialisation) and saves: name, dtype, architecture.</summary>
    private static readonly (string Name, string Dtype, string Architecture)[] TorchNetworks =
    [
        ("torch-relu-softmax", "float64",
            "[{\"type\":\"Linear\",\"in\":6,\"out\":8},{\"type\":\"ReLU\"},{\"type\":\"Linear\",\"in\":8,\"out\":3},{\"type\":\"Softmax\"}]"),
        ("torch-leakyrelu-tanh-sigmoid", "float64",
            "[{\"type\":\"Linear\",\"in\":6,\"out\":7},{\"type\":\"LeakyReLU\",\"negative_slope\":0.2},{\"type\":\"Linear\",\"in\":7,\"out\":5},{\"type\":\"Tanh\"}," +
            "{\"type\":\"Linear\",\"in\":5,\"out\":4},{\"type\":\"Sigmoid\"},{\"type\":\"Linear\",\"in\":4,\"out\":3}]"),
        ("torch-f32-tanh-softmax", "float32",
            "[[{\"type\":\"Linear\",\"in\":6,\"out\":8},{\"type\":\"Tanh\"}],{\"type\":\"Linear\",\"in\":8,\"out\":3},{\"type\":\"Softmax\"}]"),
        ("torch-f32-relu", "float32",
            "[{\"type\":\"Linear\",\"in\":6,\"out\":5},{\"type\":\"ReLU\"},{\"type\":\"Linear\",\"in\":5,\"out\":3}]"),
        ("torch-batchnorm", "float64",
            "[{\"type\":\"Linear\",\"in\":6,\"out\":8},{\"type\":\"BatchNorm1d\",\"num_features\":8,\"eps\":1e-05,\"momentum\":0.1},{\"type\":\"ReLU\"},{\"type\":\"Linear\",\"in\":8,\"out\":3}]"),
    ];

    private readonly Dictionary<string, Sequential> _trained = [];
    private string _folder = "";
    private Tensor _input = null!;
    private JsonDocument _response = null!;

    public static IEnumerable<string> TinyTensorNames => TinyTensorNetworks.Keys;

    public static IEnumerable<string> TorchNames => TorchNetworks.Select(n => n.Name);

    [OneTimeSetUp]
    public void TrainSaveAndRunPyTorch()
    {
        _folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "pytorch");
        Directory.CreateDirectory(_folder);
        var rng = new RandomState(2026);
        Tensor trainX = rng.Randn(32, Features);
        int[] trainY = rng.RandInt(0, 3, 32);
        _input = rng.Randn(16, Features);

        var tinyTensorJobs = new JsonArray();
        foreach ((string name, Func<RandomState, Sequential> build) in TinyTensorNetworks)
        {
            Sequential model = build(rng);
            Train(model, trainX, trainY, steps: 5);
            if (IsFloat32(name))
            {
                model.To(DType.Float32);
            }

            string file = Path.Combine(_folder, name + ".safetensors");
            ModelFile.Save(model, file);
            _trained.Add(name, model);
            tinyTensorJobs.Add(new JsonObject { ["name"] = name, ["file"] = file, ["input"] = Matrix(_input) });
        }

        var torchJobs = new JsonArray();
        uint seed = 0;
        foreach ((string name, string dtype, string architecture) in TorchNetworks)
        {
            torchJobs.Add(new JsonObject
            {
                ["name"] = name,
                ["dtype"] = dtype,
                ["architecture"] = architecture,
                ["seed"] = seed++,
                ["steps"] = 5,
                ["lr"] = 0.5,
                ["train_x"] = Matrix(trainX),
                ["train_y"] = new JsonArray([.. trainY.Select(y => (JsonNode)y)]),
                ["file"] = Path.Combine(_folder, name + ".safetensors"),
                ["input"] = Matrix(_input),
            });
        }

        string request = Path.Combine(_folder, "request.json");
        string response = Path.Combine(_folder, "response.json");
        File.WriteAllText(request, new JsonObject { ["tinytensor"] = tinyTensorJobs, ["torch"] = torchJobs }.ToJsonString());
        File.Delete(response);
        string script = Path.Combine(ReferencePython.RepositoryRoot(), "tests", "TinyTensor.Tests", "PyTorch", "torch_interop.py");
        (int exitCode, string output) = ReferencePython.Run(script, request, response);
        TestContext.Out.WriteLine(output);
        Assert.That(exitCode, Is.Zero,
            $"{ReferencePython.Path} {script} failed (exit {exitCode}); it needs Debian's python3-torch and python3-numpy (apt-get install python3-torch python3-numpy):\n{output}");
        _response = JsonDocument.Parse(File.ReadAllText(response));
    }

    [OneTimeTearDown]
    public void Dispose() => _response?.Dispose();

    [TestCaseSource(nameof(TinyTensorNames))]
    public void ATinyTensorFile_LoadsIntoTorchSequential_WithTheSameParameterBits(string name) =>
        AssertSameParameters(_trained[name], Result(name));

    /// <summary>Both sides in float64: PyTorch widens the loaded module (report() in torch_interop.py), TinyTensor
    /// loads the same file converted to float64, so a float32 file is compared on the same float32 values.</summary>
    [TestCaseSource(nameof(TinyTensorNames))]
    public void ATinyTensorFile_PredictsInTorch_WhatTinyTensorPredicts(string name)
    {
        double[] torchOutput = Flat(Result(name).GetProperty("output"));
        Sequential model = ModelFile.Load(Path.Combine(_folder, name + ".safetensors"), DType.Float64);
        AssertTensor.AllClose(torchOutput, model.Forward(_input).AsReadOnlySpan(), 0, OutputTolerance, $"{name}: PyTorch's outputs");
    }

    [TestCaseSource(nameof(TinyTensorNames))]
    public void ATinyTensorFile_LoadsInTorch_InTheTypeTheModelHeld(string name)
    {
        string expected = IsFloat32(name) ? "float32" : "float64";
        Assert.That(_trained[name].DType!.Value.Name(), Is.EqualTo(expected));
        Assert.That(Result(name).GetProperty("state_dict").EnumerateObject().Select(p => p.Value.GetProperty("dtype").GetString()), Is.All.EqualTo(expected));
    }

    [TestCaseSource(nameof(TorchNames))]
    public void ATorchStateDict_LoadsIntoTheArchitecture_WithTheSameParameterBits(string name) =>
        AssertSameParameters(LoadTorchFile(name), Result(name));

    [TestCaseSource(nameof(TorchNames))]
    public void ATorchStateDict_LoadsInItsOwnType(string name)
    {
        string dtype = TorchNetworks.Single(n => n.Name == name).Dtype;
        Assert.That(LoadTorchFile(name).DType!.Value.Name(), Is.EqualTo(dtype));
    }

    /// <summary>TinyTensor runs the file converted to float64 (a float32 state_dict widened exactly), as PyTorch's
    /// side does, in eval mode (BatchNorm uses the running statistics PyTorch saved).</summary>
    [TestCaseSource(nameof(TorchNames))]
    public void ATorchStateDict_PredictsInTinyTensor_WhatTorchPredicts(string name)
    {
        Sequential model = LoadTorchFile(name, DType.Float64);
        model.Eval();
        double[] torchOutput = Flat(Result(name).GetProperty("output"));
        AssertTensor.AllClose(model.Forward(_input).AsReadOnlySpan(), torchOutput, 0, OutputTolerance, $"{name}: TinyTensor's outputs");
        Assert.That(model.Predict(_input), Is.EqualTo(ArgMax(torchOutput, model.Forward(_input).Dim(1))));
    }

    [Test]
    public void ATorchStateDict_IntoAnotherArchitecture_NamesEveryMismatch()
    {
        // torch-relu-softmax is Linear(6, 8), ReLU, Linear(8, 3), Softmax; this network has a wider first layer and a third Linear.
        var model = (Sequential)ModelFile.CreateArchitecture(
            "[{\"type\":\"Linear\",\"in\":6,\"out\":9},{\"type\":\"ReLU\"},{\"type\":\"Tanh\"},{\"type\":\"Linear\",\"in\":9,\"out\":3}]");
        Assert.That(() => ModelFile.LoadStateDict(model, TorchFile("torch-relu-softmax")),
            Throws.TypeOf<InvalidDataException>().With.Message.StartsWith(TorchFile("torch-relu-softmax") + ": the file's tensors do not match the model")
                .And.Message.Contains("missing from the file: 3.weight [3, 9], 3.bias [3]")
                .And.Message.Contains("not in the model: 2.weight [3, 8], 2.bias [3]")
                .And.Message.Contains("wrong shape: 0.weight is [8, 6] in the file, but the model's Linear(6, 9)'s weight needs [9, 6]; 0.bias is [8] in the file, but the model's Linear(6, 9)'s bias needs [9]"));
    }

    [Test]
    public void TheTorchFiles_AreStateDictsWithoutMetadata_InTheirDtype()
    {
        foreach ((string name, string dtype, _) in TorchNetworks)
        {
            (JsonObject header, _) = ModelFileTestData.Split(File.ReadAllBytes(TorchFile(name)));
            Assert.That(header.ContainsKey("__metadata__"), Is.False, name);
            Assert.That(header.Where(p => !p.Key.EndsWith("num_batches_tracked", StringComparison.Ordinal)).Select(p => p.Value!["dtype"]!.GetValue<string>()),
                Is.All.EqualTo(dtype == "float32" ? "F32" : "F64"), name);
            Assert.That(header.Where(p => p.Key.EndsWith("num_batches_tracked", StringComparison.Ordinal)).Select(p => p.Value!["dtype"]!.ToJsonString() + p.Value!["shape"]!.ToJsonString()),
                Is.All.EqualTo("\"I64\"[]"), $"{name}: PyTorch's 0-d int64 counter");
        }
    }

    [Test]
    public void EveryActivationType_IsCoveredBothWays()
    {
        string[] activations = ["ReLU", "LeakyReLU", "Sigmoid", "Tanh", "Softmax"];
        string tinyTensor = string.Join(" ", _trained.Values.Select(m => m.ToString()));
        string torch = string.Join(" ", TorchNetworks.Select(n => n.Architecture));
        Assert.That(activations.Where(a => !tinyTensor.Contains(a + "(", StringComparison.Ordinal)), Is.Empty, "TinyTensor → PyTorch");
        Assert.That(activations.Where(a => !torch.Contains($"\"{a}\"", StringComparison.Ordinal)), Is.Empty, "PyTorch → TinyTensor");
    }

    private JsonElement Result(string name) => _response.RootElement.GetProperty(name);

    private string TorchFile(string name) => Path.Combine(_folder, name + ".safetensors");

    /// <summary>The network of a torch file's architecture with the file's tensors: in the file's type, or converted.</summary>
    private Sequential LoadTorchFile(string name, DType? dtype = null)
    {
        var model = (Sequential)ModelFile.CreateArchitecture(TorchNetworks.Single(n => n.Name == name).Architecture);
        if (dtype is { } type)
        {
            ModelFile.LoadStateDict(model, TorchFile(name), type);
        }
        else
        {
            ModelFile.LoadStateDict(model, TorchFile(name));
        }

        return model;
    }

    /// <summary>PyTorch's state_dict equals the model's parameters and buffers bit for bit, in the same type, names and
    /// shapes included: a Linear weight (out, in) there is TinyTensor's W (in, out) transposed; PyTorch's 0-d int64
    /// counter is TinyTensor's (1,) of the model's type. Values compare as float64 (both sides widen float32 exactly).</summary>
    private static void AssertSameParameters(Sequential model, JsonElement result)
    {
        JsonElement stateDict = result.GetProperty("state_dict");
        Assert.That(stateDict.EnumerateObject().Select(p => p.Name), Is.EqualTo(model.NamedState().Select(p => p.Name)));
        foreach ((string name, Tensor value) in model.NamedState())
        {
            JsonElement entry = stateDict.GetProperty(name);
            bool counter = name.EndsWith("num_batches_tracked", StringComparison.Ordinal);
            Assert.That(entry.GetProperty("dtype").GetString(), Is.EqualTo(counter ? "int64" : value.DType.Name()), name);
            if (counter)
            {
                Assert.That(Flat(entry.GetProperty("values")), Is.EqualTo(value.ToArray()), name);
                continue;
            }

            int[] torchShape = value.Rank == 2 ? [value.Dim(1), value.Dim(0)] : value.Shape;
            Assert.That(entry.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()), Is.EqualTo(torchShape), name);
            double[] expected = value.Rank == 2 ? ModelFileTestData.Transposed(value) : value.ToArray();
            AssertTensor.BitwiseEqual(Flat(entry.GetProperty("values")), expected, name);
        }
    }

    /// <summary>A few full-batch SGD steps, so the saved parameters are not just the initial ones.</summary>
    private static void Train(Sequential model, Tensor x, int[] labels, int steps)
    {
        ILoss loss = model.Modules[^1] is Softmax ? new CrossEntropyLoss() : new SoftmaxCrossEntropyLoss();
        var optimizer = new SGD(model, learningRate: 0.5);
        for (int step = 0; step < steps; step++)
        {
            loss.Forward(model.Forward(x), labels);
            optimizer.ZeroGrad();
            model.BackwardParameters(loss.Backward());
            optimizer.Step();
        }
    }

    private static JsonArray Matrix(Tensor m)
    {
        var rows = new JsonArray();
        for (int r = 0; r < m.Dim(0); r++)
        {
            rows.Add(new JsonArray([.. m.Row(r).ToArray().Select(v => (JsonNode)v)]));
        }

        return rows;
    }

    /// <summary>A JSON number, or nested arrays of them, row-major.</summary>
    private static double[] Flat(JsonElement element)
    {
        var values = new List<double>();
        Add(element);
        return [.. values];

        void Add(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement item in e.EnumerateArray())
                {
                    Add(item);
                }
            }
            else
            {
                values.Add(e.GetDouble());
            }
        }
    }

    private static int[] ArgMax(double[] rows, int columns) =>
        [.. Enumerable.Range(0, rows.Length / columns).Select(r => Array.IndexOf(rows, rows.Skip(r * columns).Take(columns).Max(), r * columns) - (r * columns))];
}
