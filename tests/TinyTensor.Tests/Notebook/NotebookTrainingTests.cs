using System.Globalization;
using TinyTensor.Layers;
using TinyTensor.Optim;
using TinyTensor.Tests.Support;

namespace TinyTensor.Tests.Notebook;

/// <summary>Notebook cells [7]–[10]: 1000 epochs of full-batch SGD on the toy data.</summary>
[TestFixture]
public sealed class NotebookTrainingTests
{
    /// <summary>The notebook's printed "Epoch N, loss=…" values, epochs 50, 100, …, 1000.</summary>
    private static readonly string[] PrintedLosses =
    [
        "0.832706", "0.454687", "0.118350", "0.055911", "0.038039", "0.029528", "0.024400", "0.020819", "0.017947", "0.015866",
        "0.014198", "0.012916", "0.011859", "0.010943", "0.010198", "0.009540", "0.008970", "0.008454", "0.008003", "0.007593",
    ];

    private double[] _epochLoss = null!;
    private Sequential _net = null!;
    private Tensor _x = null!;
    private int[] _y = null!;

    [OneTimeSetUp]
    public void Train()
    {
        _net = Support.Notebook.InitToyModel();
        (_x, _y) = Support.Notebook.InitToyData();
        var lossFunction = new CrossEntropyLoss();
        var optim = new SGD(_net, learningRate: 0.1, weightDecay: 0.00001);

        _epochLoss = new double[1000];
        for (int epoch = 0; epoch < _epochLoss.Length; epoch++)
        {
            Tensor output = _net.Forward(_x);
            _epochLoss[epoch] = lossFunction.Forward(output, _y);
            optim.ZeroGrad();
            _net.Backward(lossFunction.Backward());
            optim.Step();
        }
    }

    [Test]
    public void LossPrintedEvery50Epochs_MatchesTheNotebooksSixDecimals()
    {
        string[] printed = Enumerable.Range(1, 20)
            .Select(i => _epochLoss[(i * 50) - 1].ToString("F6", CultureInfo.InvariantCulture))
            .ToArray();

        Assert.That(printed, Is.EqualTo(PrintedLosses));
    }

    [Test]
    public void FinalLoss_IsBelow002_AndWithin1e12OfTheNotebooks()
    {
        Assert.That(_epochLoss[^1], Is.LessThan(0.02));
        Assert.That(Math.Abs(_epochLoss[^1] - 0.007593419801731252), Is.LessThan(1e-12));
    }

    [Test]
    public void AllThousandLosses_MatchNumPy_WithRelativeErrorBelow1e10()
    {
        double[] expected = NotebookReferenceData.Load().Flat("losses");

        AssertTensor.AllClose(_epochLoss, expected, rtol: 1e-10, atol: 0.0, "losses");
    }

    [Test]
    public void FinalParameters_MatchNumPy()
    {
        var reference = NotebookReferenceData.Load();
        for (int i = 0; i < 4; i++)
        {
            AssertTensor.AllClose(_net.Parameters[i].AsReadOnlySpan(), reference.Flat("final_params", i), rtol: 1e-9, atol: 1e-12, $"final_params[{i}]");
        }
    }

    [Test]
    public void Predictions_EqualTheLabels()
    {
        Assert.That(_net.Predict(_x), Is.EqualTo(_y));
        Assert.That(_net.Predict(_x), Is.EqualTo(NotebookReferenceData.Load().Ints("predictions")));
    }

    [Test]
    public void LossCurve_DecreasesOverall()
    {
        Assert.That(_epochLoss[^1], Is.LessThan(_epochLoss[0] / 100));
        // Every 50-epoch window ends lower than it starts.
        for (int start = 0; start + 50 <= _epochLoss.Length; start += 50)
        {
            Assert.That(_epochLoss[start + 49], Is.LessThan(_epochLoss[start]), $"epochs {start + 1}–{start + 50}");
        }
    }
}
