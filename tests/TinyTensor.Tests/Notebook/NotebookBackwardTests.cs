using TinyTensor.Cli.Commands;
using TinyTensor.Layers;
using TinyTensor.Tests.Support;

namespace TinyTensor.Tests.Notebook;

/// <summary>Notebook cells [5] and [6]: the gradients after one backward pass.</summary>
[TestFixture]
public sealed class NotebookBackwardTests
{
    private List<Tensor> _gradients = null!;

    [SetUp]
    public void BackwardOnce()
    {
        Sequential net = Support.Notebook.InitToyModel();
        (Tensor x, int[] y) = Support.Notebook.InitToyData();
        var loss = new CrossEntropyLoss();
        loss.Forward(net.Forward(x), y);
        net.Backward(loss.Backward());

        _gradients = [];
        foreach (Layer module in net.Modules)
        {
            for (int i = 0; i < module.Parameters.Count; i++)
            {
                Assert.That(module.Grads[i], Is.Not.Null, "No Gradient");
                _gradients.Add(module.Grads[i]!);
            }
        }
    }

    [Test]
    public void GradientShapes_AreW1_b1_W2_b2()
    {
        Assert.That(_gradients.Select(g => g.Shape), Is.EqualTo(new[]
        {
            new[] { 4, 10 }, new[] { 10 }, new[] { 10, 3 }, new[] { 3 },
        }));
    }

    [Test]
    public void Gradients_DifferFromTheNotebooksValues_ByLessThan1e8InTotal()
    {
        double difference =
            AssertTensor.SumAbsDifference(_gradients[0].AsReadOnlySpan(), NotebookReference.GradW1)
            + AssertTensor.SumAbsDifference(_gradients[1].AsReadOnlySpan(), NotebookReference.GradB1)
            + AssertTensor.SumAbsDifference(_gradients[2].AsReadOnlySpan(), NotebookReference.GradW2)
            + AssertTensor.SumAbsDifference(_gradients[3].AsReadOnlySpan(), NotebookReference.GradB2);

        Assert.That(difference, Is.LessThan(1e-8));
    }

    [Test]
    public void Gradients_MatchNumPysFullPrecisionValues()
    {
        var reference = NotebookReferenceData.Load();
        for (int i = 0; i < 4; i++)
        {
            // Relative to the gradient's scale: a few ULPs of exp differ between NumPy's SIMD exp and ours.
            double[] expected = reference.Flat("grads", i);
            double scale = expected.Max(Math.Abs);
            AssertTensor.AllClose(_gradients[i].AsReadOnlySpan(), expected, rtol: 1e-10, atol: 1e-12 * scale, $"grads[{i}]");
        }
    }
}
