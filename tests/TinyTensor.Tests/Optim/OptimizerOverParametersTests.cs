using TinyTensor.Layers;
using TinyTensor.Optim;
using TinyTensor.Tests.Support;

namespace TinyTensor.Tests.Optim;

/// <summary>Optimisers take parameters; the (model, …) constructors are conveniences over the same list.</summary>
[TestFixture]
public sealed class OptimizerOverParametersTests
{
    private static Sequential Net(uint seed)
    {
        var rng = new RandomState(seed);
        return new Sequential(new Linear(3, 4, rng), new ReLU(), new Sequential(new Linear(4, 2, rng)));
    }

    private static readonly Func<Layer, Optimizer>[] ByModel =
    [
        m => new SGD(m, 0.1, 1e-3), m => new SGD(m, 0.1, 1e-3, 0.9, nesterov: true), m => new Adam(m, 0.01), m => new AdamW(m, 0.01),
    ];

    private static readonly Func<IEnumerable<Parameter>, Optimizer>[] ByParameters =
    [
        p => new SGD(p, 0.1, 1e-3), p => new SGD(p, 0.1, 1e-3, 0.9, nesterov: true), p => new Adam(p, 0.01), p => new AdamW(p, 0.01),
    ];

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void OverTheModelsParameters_GivesTheSameBitsAsOverTheModel(int kind)
    {
        Sequential a = Net(1), b = Net(1);
        Optimizer byModel = ByModel[kind](a);
        Optimizer byParameters = ByParameters[kind](b.NamedParameters().Select(p => p.Parameter));
        Tensor x = new RandomState(2).Randn(5, 3), g = new RandomState(3).Randn(5, 2);
        for (int step = 0; step < 3; step++)
        {
            foreach ((Sequential net, Optimizer optimizer) in new[] { (a, byModel), (b, byParameters) })
            {
                optimizer.ZeroGrad();
                net.Forward(x);
                net.Backward(g);
                optimizer.Step();
            }
        }

        for (int i = 0; i < a.Parameters.Count; i++)
        {
            AssertTensor.BitwiseEqual(b.Parameters[i].AsReadOnlySpan(), a.Parameters[i].AsReadOnlySpan(), $"parameter {i}");
        }
    }

    [Test]
    public void AParameterGivenTwice_IsRejected()
    {
        Sequential net = Net(1);
        Parameter[] parameters = [.. net.NamedParameters().Select(p => p.Parameter)];
        Assert.That(() => new SGD(parameters.Append(parameters[2]), 0.1),
            Throws.ArgumentException.With.Message.Contains("parameter 2.0.weight is given twice (positions 2 and 4)"));
        Assert.That(() => new Adam([parameters[0], parameters[0]]), Throws.ArgumentException.With.Message.Contains("given twice"));
    }

    [Test]
    public void AStepOnParametersOfAnotherModel_SaysWhichHasNoGradient()
    {
        Sequential trained = Net(1), other = Net(2);
        var sgd = new SGD(other.NamedParameters().Select(p => p.Parameter), 0.1);
        trained.Forward(new RandomState(2).Randn(5, 3));
        trained.Backward(new RandomState(3).Randn(5, 2));
        Assert.That(sgd.Step, Throws.InvalidOperationException.With.Message.Contains("No gradient for 0.weight (3, 4)"));
    }

    [Test]
    public void NoGradient_NamesANestedParameterByItsFullName()
    {
        Sequential net = Net(1);
        var adam = new Adam(net);
        net.Forward(new RandomState(2).Randn(5, 3));
        net.Backward(new RandomState(3).Randn(5, 2));
        net.Modules[2].ZeroGrad();
        Assert.That(adam.Step, Throws.InvalidOperationException.With.Message.Contains("No gradient for 2.0.weight"));
    }

    [Test]
    public void ASteadyStateTrainingStep_AllocatesNothing_ForEveryOptimiser()
    {
        foreach (Func<Layer, Optimizer> create in ByModel)
        {
            Sequential net = Net(1);
            Optimizer optimizer = create(net);
            var loss = new SoftmaxCrossEntropyLoss();
            Tensor x = new RandomState(2).Randn(5, 3);
            int[] y = [0, 1, 1, 0, 1];
            void Step()
            {
                loss.Forward(net.Forward(x), y);
                optimizer.ZeroGrad();
                net.BackwardParameters(loss.Backward());
                optimizer.Step();
            }

            Step();
            Step();
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 50; i++)
            {
                Step();
            }

            Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero, optimizer.GetType().Name);
        }
    }
}
