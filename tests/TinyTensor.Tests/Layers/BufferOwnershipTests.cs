using TinyTensor.Layers;
using TinyTensor.Optim;

namespace TinyTensor.Tests.Layers;

/// <summary>
/// The ownership rule on <see cref="Layer"/>: outputs and gradients are buffers the layer reuses. These tests pin
/// down what aliases what, so that a change which breaks it (or a kernel writing into its input) is caught.
/// </summary>
[TestFixture]
public sealed class BufferOwnershipTests
{
    [Test]
    public void Forward_ReusesItsOutputBuffer_ForTheSameBatchSize()
    {
        var layer = new Linear(3, 2, new RandomState(0));
        Tensor first = layer.Forward(new Tensor(4, 3));

        Tensor second = layer.Forward(new Tensor(4, 3));

        Assert.That(second, Is.SameAs(first));
    }

    [Test]
    public void Forward_MakesANewBuffer_WhenTheBatchSizeChanges()
    {
        var layer = new ReLU();
        Tensor first = layer.Forward(new Tensor(4, 3));

        Tensor second = layer.Forward(new Tensor(5, 3));

        Assert.That(second, Is.Not.SameAs(first));
        Assert.That(second.Shape, Is.EqualTo(new[] { 5, 3 }));
    }

    [Test]
    public void Forward_NeverWritesIntoItsInput()
    {
        var rng = new RandomState(3);
        Tensor x = rng.Randn(6, 4);
        double[] before = x.ToArray();
        var net = new Sequential(new Linear(4, 5, rng), new ReLU(), new Linear(5, 3, rng), new Softmax());

        net.Forward(x);
        var loss = new CrossEntropyLoss();
        loss.Forward(net.Forward(x), [0, 1, 2, 0, 1, 2]);
        net.Backward(loss.Backward());

        Assert.That(x.ToArray(), Is.EqualTo(before));
    }

    [Test]
    public void NoLayerOutput_AliasesAnotherLayersBuffer()
    {
        var rng = new RandomState(4);
        var net = new Sequential(new Linear(4, 5, rng), new ReLU(), new Linear(5, 3, rng), new Softmax());
        Tensor x = rng.Randn(6, 4);

        var outputs = new List<Tensor>();
        Tensor h = x;
        foreach (Layer module in net.Modules)
        {
            h = module.Forward(h);
            outputs.Add(h);
        }

        Assert.That(outputs.Distinct(ReferenceEqualityComparer.Instance).Count(), Is.EqualTo(outputs.Count));
        Assert.That(outputs, Has.None.SameAs(x));
    }

    [Test]
    public void BackwardGradients_DoNotAliasForwardOutputs_SoTrainingTwiceGivesTheSameResult()
    {
        // Two identical runs, one of which also reads every intermediate buffer: if a backward buffer aliased a
        // forward output still needed, the results would differ from a fresh model's.
        double[] RunSteps(bool inspect)
        {
            var rng = new RandomState(9);
            var net = new Sequential(new Linear(4, 6, rng), new ReLU(), new Linear(6, 3, rng), new Softmax());
            Tensor x = new RandomState(1).Randn(8, 4);
            int[] y = new RandomState(2).RandInt(0, 3, 8);
            var loss = new CrossEntropyLoss();
            var sgd = new SGD(net, 0.5, 0.0);
            for (int step = 0; step < 5; step++)
            {
                Tensor probabilities = net.Forward(x);
                double[] snapshot = inspect ? probabilities.ToArray() : [];
                loss.Forward(probabilities, y);
                sgd.ZeroGrad();
                net.Backward(loss.Backward());
                if (inspect)
                {
                    Assert.That(probabilities.ToArray(), Is.EqualTo(snapshot), "Backward overwrote the forward output");
                }

                sgd.Step();
            }

            return net.Parameters.SelectMany(p => p.ToArray()).ToArray();
        }

        Assert.That(RunSteps(inspect: true), Is.EqualTo(RunSteps(inspect: false)));
    }

    [Test]
    public void Grads_AreNullAfterZeroGrad_AndTheSameBuffersAfterTheNextBackward()
    {
        var layer = new Linear(2, 2, new RandomState(0));
        layer.Forward(new Tensor(1, 2));
        layer.Backward(new Tensor(1, 2));
        Tensor dW = layer.Grads[0]!;

        layer.ZeroGrad();
        Assert.That(layer.Grads, Is.All.Null);

        layer.Forward(new Tensor(1, 2));
        layer.Backward(new Tensor(1, 2));
        Assert.That(layer.Grads[0], Is.SameAs(dW));
    }

    [Test]
    public void SoftmaxBackward_ReturnsTheGradientItIsGiven()
    {
        var softmax = new Softmax();
        softmax.Forward(new Tensor(2, 3));
        var gradient = new Tensor(2, 3);

        Assert.That(softmax.Backward(gradient), Is.SameAs(gradient));
    }
}
