using TinyTensor.Data;
using TinyTensor.Init;
using TinyTensor.Layers;
using TinyTensor.Optim;
using TinyTensor.Training;

namespace TinyTensor.Tests.Training;

/// <summary>
/// Training end to end in float32 with only the model converted: the trainer asks the loader for batches of the
/// model's type, the predictor converts the features it copies, epochs allocate nothing (validation sets smaller
/// than a batch included, in both types), 1 and 2 threads give the same bits, and an optimiser built before the
/// conversion is refused.
/// </summary>
[TestFixture]
public sealed class Float32TrainingTests
{
    private static Sequential Mlp(uint seed) => new(
        new Linear(2, 16, new RandomState(seed), Initializer.KaimingUniform()), new ReLU(),
        new Linear(16, 3, new RandomState(seed + 1), Initializer.KaimingUniform()));

    private static Trainer TrainerFor(Sequential model, DataLoader loader) =>
        new(model, new SoftmaxCrossEntropyLoss(), new SGD(model, 0.1, 1e-4, momentum: 0.9), loader);

    [Test]
    public void ConvertedModel_TrainsInFloat32_LikeFloat64()
    {
        DataLoader Loader() => DataLoader.WithValidationSplit(TrainingProblems.Blobs(40, seed: 1), 30, 16, seed: 2);
        Sequential model32 = Mlp(3);
        model32.To(DType.Float32);
        TrainingHistory history32 = TrainerFor(model32, Loader()).Fit(8);
        TrainingHistory history64 = TrainerFor(Mlp(3), Loader()).Fit(8);

        Assert.That(model32.Parameters.Select(p => p.DType), Is.All.EqualTo(DType.Float32));
        Assert.That(history32.Last!.ValidationAccuracy, Is.GreaterThan(0.9));
        Assert.That(history32.Last.MeanLoss, Is.LessThan(history32.Epochs[0].MeanLoss / 2));
        // The first epoch's six steps differ from float64 only by float32 roundings (≈ 1e-7 relative per operation,
        // compounded over a few hundred operations and six updates): 1e-4 relative is far below any real difference.
        Assert.That(history32.Epochs[0].MeanLoss, Is.EqualTo(history64.Epochs[0].MeanLoss).Within(1e-4 * history64.Epochs[0].MeanLoss));
        Assert.That(history32.Epochs[0].MeanLoss, Is.Not.EqualTo(history64.Epochs[0].MeanLoss), "float32 arithmetic, not float64");
    }

    /// <summary>90 training samples in batches of 16 (five full, one of 10) with V = 30, 12 or 6 validation samples, and
    /// 96 in batches of 16 (no partial batch) with V = 9: every validated epoch reuses the training shapes.</summary>
    [TestCase(DType.Float64, 40, 30)]
    [TestCase(DType.Float64, 34, 12)]
    [TestCase(DType.Float64, 32, 6)]
    [TestCase(DType.Float64, 35, 9)]
    [TestCase(DType.Float32, 40, 30)]
    [TestCase(DType.Float32, 34, 12)]
    [TestCase(DType.Float32, 32, 6)]
    [TestCase(DType.Float32, 35, 9)]
    public void Fit_OnceWarm_AllocatesOnlyTheEpochReports(DType dtype, int perClass, int validation)
    {
        DataLoader loader = DataLoader.WithValidationSplit(TrainingProblems.Blobs(perClass, seed: 1), validation, 16, seed: 2);
        Sequential model = Mlp(3);
        model.To(dtype);
        Trainer trainer = TrainerFor(model, loader);
        trainer.Fit(2);

        long before = GC.GetAllocatedBytesForCurrentThread();
        trainer.Fit(20);
        long perEpoch = (GC.GetAllocatedBytesForCurrentThread() - before) / 20;

        // An EpochReport record and the history list's growth: well under 1 KB an epoch, not a batch buffer (≥ 16 × 16 × 4 B).
        Assert.That(perEpoch, Is.LessThan(512), $"{perEpoch} bytes per epoch");
        var reference = new Predictor(model, 256);
        Assert.That(trainer.History.Last!.ValidationAccuracy, Is.EqualTo(reference.Accuracy(loader.Validation!)), "the validation passes change no prediction");
    }

    /// <summary>The benchmark's 784-256-10 step at batch 128 (Softmax + CrossEntropyLoss, SGD), warm: 0 bytes. One
    /// thread, as ConvStepTests does: with two, the GEMM's worker hand-off was seen to allocate now and then when
    /// other fixtures ran at the same time.</summary>
    [TestCase(DType.Float32)]
    [TestCase(DType.Float64)]
    public void TheBenchmarksMlpStep_OnceWarm_AllocatesNothing(DType dtype)
    {
        int saved = Parallelism.NumThreads;
        Parallelism.NumThreads = 1;
        try
        {
            var rng = new RandomState(1);
            Layer net = new Sequential(new Linear(784, 256, rng), new ReLU(), new Linear(256, 10, rng), new Softmax()).To(dtype);
            Tensor x = rng.Rand(dtype, 128, 784);
            int[] y = rng.RandInt(0, 10, 128);
            var loss = new CrossEntropyLoss();
            var optimizer = new SGD(net, 0.01, 1e-5);
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
            for (int i = 0; i < 10; i++)
            {
                Step();
            }

            Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        }
        finally
        {
            Parallelism.NumThreads = saved;
        }
    }

    [Test]
    public void Predictor_OnAFloat32Model_ConvertsFloat64Features()
    {
        Sequential model = Mlp(5);
        model.To(DType.Float32);
        Tensor features = new RandomState(6).Randn(37, 2);
        int[] predictions = new Predictor(model, 8).Predict(features);
        Assert.That(predictions, Is.EqualTo(model.Predict(features.To(DType.Float32))));
    }

    [Test]
    public void Predictor_OnAFloat64Model_WidensFloat32Features()
    {
        Sequential model = Mlp(5);
        Tensor features = new RandomState(6).Randn(DType.Float32, 11, 2);
        Assert.That(new Predictor(model, 4).Predict(features), Is.EqualTo(model.Predict(features.To(DType.Float64))));
    }

    [Test]
    public void OptimiserBuiltBeforeTheConversion_FitThrowsNamingBothTypes()
    {
        DataLoader loader = DataLoader.WithValidationSplit(TrainingProblems.Blobs(10, seed: 1), 6, 8, seed: 2);
        Sequential model = Mlp(3);
        Trainer trainer = TrainerFor(model, loader);
        model.To(DType.Float32);
        var ex = Assert.Throws<InvalidOperationException>(() => trainer.Fit(1));
        Assert.That(ex!.Message, Does.Contain("0.weight").And.Contain("float32").And.Contain("float64"));
    }

    [Test]
    public void Float32TrainingSteps_OneAndTwoThreads_GiveTheSameBits()
    {
        Assert.That(Train(2), Is.EqualTo(Train(1)));
    }

    /// <summary>Three SGD-momentum and three Adam steps of a 784-256-10 MLP on a batch of 128 (products large enough to
    /// be split over two threads), in float32; every parameter's bits.</summary>
    private static float[] Train(int threads)
    {
        int saved = Parallelism.NumThreads;
        try
        {
            Parallelism.NumThreads = threads;
            var rng = new RandomState(8);
            Tensor x = rng.Rand(DType.Float32, 128, 784);
            int[] y = Enumerable.Range(0, 128).Select(i => (i * 7) % 10).ToArray();
            var result = new List<float>();
            foreach (Func<Layer, Optimizer> create in new Func<Layer, Optimizer>[] { m => new SGD(m, 0.05, 1e-4, 0.9), m => new Adam(m, 1e-3) })
            {
                Layer model = new Sequential(
                    new Linear(784, 256, new RandomState(9), Initializer.KaimingUniform()), new ReLU(),
                    new Linear(256, 10, new RandomState(10), Initializer.KaimingUniform())).To(DType.Float32);
                Optimizer optimizer = create(model);
                var loss = new SoftmaxCrossEntropyLoss();
                for (int step = 0; step < 3; step++)
                {
                    loss.Forward(model.Forward(x), y);
                    optimizer.ZeroGrad();
                    model.BackwardParameters(loss.Backward());
                    optimizer.Step();
                }

                result.AddRange(model.Parameters.SelectMany(p => p.ToArray<float>()));
            }

            return [.. result];
        }
        finally
        {
            Parallelism.NumThreads = saved;
        }
    }
}
