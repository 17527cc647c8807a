using TinyTensor.Kernels;
using TinyTensor.Kernels.Threading;
using TinyTensor.Layers;

namespace TinyTensor.Optim;

/// <summary>
/// What <see cref="Adam"/> and <see cref="AdamW"/> share: hyper-parameter checks, the moment buffers, the step
/// count t and the per-step scalars. They differ only in where the weight decay goes.
/// </summary>
/// <remarks>The moments have each parameter's element type; the per-step scalars (bias corrections, step size) are
/// computed in float64 and rounded to float32 for a float32 parameter, as PyTorch's Python-float scalars are.</remarks>
internal sealed class AdamState
{
    private Tensor[]? _firstMoments;
    private Tensor[]? _secondMoments;

    /// <summary>Checks the hyper-parameters up front, as PyTorch does, with the value in the message.</summary>
    public AdamState(string optimizer, double learningRate, double beta1, double beta2, double epsilon, double weightDecay)
    {
        if (!(learningRate >= 0.0) || !double.IsFinite(learningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, $"{optimizer}: Invalid learning rate: {learningRate}");
        }

        if (!(epsilon >= 0.0) || !double.IsFinite(epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, $"{optimizer}: Invalid epsilon value: {epsilon}");
        }

        if (!(beta1 >= 0.0 && beta1 < 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(beta1), beta1, $"{optimizer}: Invalid beta parameter at index 0: {beta1} (must be in [0, 1))");
        }

        if (!(beta2 >= 0.0 && beta2 < 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(beta2), beta2, $"{optimizer}: Invalid beta parameter at index 1: {beta2} (must be in [0, 1))");
        }

        if (!(weightDecay >= 0.0) || !double.IsFinite(weightDecay))
        {
            throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, $"{optimizer}: Invalid weight_decay value: {weightDecay}");
        }

        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
    }

    public double LearningRate { get; }

    public double Beta1 { get; }

    public double Beta2 { get; }

    public double Epsilon { get; }

    public double WeightDecay { get; }

    /// <summary>t, the number of steps taken.</summary>
    public long StepCount { get; private set; }

    /// <summary>One step; the caller has checked that every parameter has a gradient.</summary>
    /// <param name="parameters">The optimiser's parameters; moment buffer i belongs to parameter i.</param>
    /// <param name="decoupled">AdamW: p ← p·(1 − lr·wd) instead of g ← g + wd·p.</param>
    public void Step(ReadOnlySpan<Parameter> parameters, bool decoupled)
    {
        _firstMoments ??= Optimizer.AllocateState(parameters);
        _secondMoments ??= Optimizer.AllocateState(parameters);
        long t = ++StepCount;
        double biasCorrection1 = 1.0 - Math.Pow(Beta1, t);
        double biasCorrection2 = 1.0 - Math.Pow(Beta2, t);
        var step = new AdamStep(
            Beta1,
            Beta2,
            Epsilon,
            L2: decoupled ? 0.0 : WeightDecay,
            DecayFactor: decoupled ? 1.0 - (LearningRate * WeightDecay) : 1.0,
            StepSize: LearningRate / biasCorrection1,
            BiasCorrection2Sqrt: Math.Sqrt(biasCorrection2));

        // The optimiser's parameter list is fixed, and To(DType) keeps each value's shape: list and count them once.
        _work ??= new ParallelUpdate(this, parameters.ToArray());
        _work.Step = step;
        _work.Parts = _work.Elements >= ParallelMinElements ? Parallelism.NumThreads : 1;
        WorkerPool.Run(_work, _work.Parts);
    }

    /// <summary>Below this many elements in all, one step runs on the calling thread (waking a worker costs more).</summary>
    private const long ParallelMinElements = 1 << 16;

    /// <summary>Elements per chunk boundary: a whole number of Vector512s in both types, so a split changes no lane.</summary>
    private const int ChunkAlignment = 16;

    private ParallelUpdate? _work;

    /// <summary>The update of every parameter's part <c>p</c> of <c>Parts</c> contiguous ranges: the update is
    /// elementwise, so any split gives the same bits as one thread, and a large model's step (a square root and two
    /// divisions per element) uses every core. Made once, reused: a step allocates nothing.</summary>
    private sealed class ParallelUpdate(AdamState state, Parameter[] parameters) : IParallelWork
    {
        public Parameter[] Parameters { get; } = parameters;

        public long Elements { get; } = parameters.Sum(p => (long)p.Value.Length);

        public AdamStep Step { get; set; }

        public int Parts { get; set; } = 1;

        public void Invoke(int part)
        {
            AdamStep step = Step;
            for (int i = 0; i < Parameters.Length; i++)
            {
                Parameter p = Parameters[i];
                int length = p.Value.Length;
                int start = Boundary(length, part), end = Boundary(length, part + 1);
                if (start >= end)
                {
                    continue;
                }

                int count = end - start;
                if (p.Value.DType == DType.Float32)
                {
                    AdamKernel.Update(p.Value.AsSpan<float>().Slice(start, count), p.Grad!.AsReadOnlySpan<float>().Slice(start, count),
                        state._firstMoments![i].AsSpan<float>().Slice(start, count), state._secondMoments![i].AsSpan<float>().Slice(start, count), step);
                }
                else
                {
                    AdamKernel.Update(p.Value.AsSpan<double>().Slice(start, count), p.Grad!.AsReadOnlySpan<double>().Slice(start, count),
                        state._firstMoments![i].AsSpan<double>().Slice(start, count), state._secondMoments![i].AsSpan<double>().Slice(start, count), step);
                }
            }
        }

        /// <summary>The first element of part <paramref name="part"/> of a tensor of <paramref name="length"/> elements.</summary>
        private int Boundary(int length, int part)
        {
            if (part >= Parts)
            {
                return length;
            }

            long raw = (long)length * part / Parts;
            return (int)Math.Min(length, raw / ChunkAlignment * ChunkAlignment);
        }
    }
}
