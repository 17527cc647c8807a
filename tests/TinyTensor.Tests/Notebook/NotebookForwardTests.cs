using TinyTensor.Cli.Commands;
using TinyTensor.Layers;
using TinyTensor.Tests.Support;

namespace TinyTensor.Tests.Notebook;

/// <summary>Notebook cells [3] and [4]: the scores of the untrained network and their loss.</summary>
[TestFixture]
public sealed class NotebookForwardTests
{
    [Test]
    public void Scores_DifferFromTheNotebooksCorrectScores_ByLessThan1e7InTotal()
    {
        Sequential net = Support.Notebook.InitToyModel();
        (Tensor x, _) = Support.Notebook.InitToyData();

        Tensor scores = net.Forward(x);

        Assert.That(scores.Shape, Is.EqualTo(new[] { 10, 3 }));
        double difference = AssertTensor.SumAbsDifference(scores.AsReadOnlySpan(), Tensor.FromArray(NotebookReference.CorrectScores).AsReadOnlySpan());
        Assert.That(difference, Is.LessThan(1e-7));
    }

    [Test]
    public void Loss_DiffersFromTheNotebooksCorrectLoss_ByLessThan1e12()
    {
        Sequential net = Support.Notebook.InitToyModel();
        (Tensor x, int[] y) = Support.Notebook.InitToyData();

        double loss = new CrossEntropyLoss().Forward(net.Forward(x), y);

        Assert.That(Math.Abs(loss - NotebookReference.CorrectLoss), Is.LessThan(1e-12));
    }

    [Test]
    public void ToyData_MatchesNumPyBitForBit()
    {
        var reference = NotebookReferenceData.Load();
        (Tensor x, int[] y) = Support.Notebook.InitToyData();

        AssertTensor.BitwiseEqual(x.AsReadOnlySpan(), reference.Flat("X"), "X");
        Assert.That(y, Is.EqualTo(reference.Ints("y")));
    }

    [Test]
    public void InitialParameters_MatchNumPyBitForBit()
    {
        var reference = NotebookReferenceData.Load();
        Sequential net = Support.Notebook.InitToyModel();

        IReadOnlyList<Tensor> parameters = net.Parameters;

        Assert.That(parameters, Has.Count.EqualTo(4));
        for (int i = 0; i < parameters.Count; i++)
        {
            AssertTensor.BitwiseEqual(parameters[i].AsReadOnlySpan(), reference.Flat("init_params", i), $"init_params[{i}]");
        }
    }
}
