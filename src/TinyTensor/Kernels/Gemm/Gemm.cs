using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TinyTensor.Kernels.Threading;

namespace TinyTensor.Kernels.Gemm;

/// <summary>
/// General matrix multiply, C = α·op(A)·op(B) + β·C, on row-major spans with leading dimensions, in float64 or
/// float32. The three forms a Linear layer needs (A·B, Aᵀ·B, A·Bᵀ) run without a transposed copy. β = 0 never reads C.
/// </summary>
/// <remarks>
/// Kernels trust their inputs: the friendly API (<see cref="Tensor.MatMul(Tensor, Tensor)"/>, the layers) checks
/// shapes once; here only <see cref="Debug.Assert(bool)"/> guards.
/// <para>Four routes, chosen by <see cref="GemmPlanner"/> (its remarks hold the one table): <see cref="GemmRoute.Direct"/>
/// (unpacked FMA tiles), <see cref="GemmRoute.Thin"/> (<see cref="GemmThin"/>, vectorised along m or k),
/// <see cref="GemmRoute.Small"/> (<see cref="GemmSmall"/>: no packing, NumPy's summation order, so the notebook
/// reproduces NumPy bit for bit) and <see cref="GemmRoute.Packed"/> (<see cref="GemmPacked"/>, the BLIS loop nest
/// around an FMA micro-kernel). One dispatch runs a plan's route, on the calling thread or once per part: parts are
/// blocks of rows or columns of C, never of k, so each element of C sees the same operations in the same order
/// whatever the thread count, and the bits do not depend on it.</para>
/// <para>The library calls the overloads without <see cref="GemmOptions"/> (<see cref="GemmOptions.Default"/>);
/// tests and benchmarks pass a configuration instead of changing global state.</para>
/// </remarks>
internal static unsafe class Gemm
{
    /// <summary>The micro-kernel the library uses: the widest the hardware accelerates, chosen once.</summary>
    internal static GemmKernelKind DefaultKernel { get; } = DetectKernel();

    /// <summary>The widest kernel this machine runs in hardware.</summary>
    internal static GemmKernelKind DetectKernel() =>
        Vector512.IsHardwareAccelerated ? GemmKernelKind.Vector512
        : Vector256.IsHardwareAccelerated && Fma.IsSupported ? GemmKernelKind.Vector256
        : GemmKernelKind.Scalar;

    /// <summary>Whether <paramref name="kind"/> runs in hardware here (a forced vector kernel is emulated, slowly).</summary>
    internal static bool IsAccelerated(GemmKernelKind kind) => kind switch
    {
        GemmKernelKind.Vector512 => Vector512.IsHardwareAccelerated,
        GemmKernelKind.Vector256 => Vector256.IsHardwareAccelerated && Fma.IsSupported,
        _ => true,
    };

    /// <summary>float64: A is (m, k) after op, B is (k, n) after op, C is (m, n).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Multiply(Transpose transA, Transpose transB, int m, int n, int k, double alpha,
        ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc) =>
        Multiply(GemmOptions.Default, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    /// <summary>float32: A is (m, k) after op, B is (k, n) after op, C is (m, n).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Multiply(Transpose transA, Transpose transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc) =>
        Multiply(GemmOptions.Default, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    /// <summary>float64 under <paramref name="options"/>.</summary>
    public static void Multiply(in GemmOptions options, Transpose transA, Transpose transB, int m, int n, int k,
        double alpha, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c,
        int ldc) =>
        Multiply<double>(options, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    /// <summary>float32 under <paramref name="options"/>.</summary>
    public static void Multiply(in GemmOptions options, Transpose transA, Transpose transB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c,
        int ldc) =>
        Multiply<float>(options, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    /// <summary>C = α·op(A)·op(B) + β·C in element type <typeparamref name="T"/> (double or float).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply<T>(in GemmOptions options, Transpose transA, Transpose transB, int m, int n, int k,
        T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Debug.Assert(typeof(T) == typeof(double) || typeof(T) == typeof(float));
        Debug.Assert(m >= 0 && n >= 0 && k >= 0 && options.Threads >= 1);
        Debug.Assert(m == 0 || n == 0 || c.Length >= ((m - 1) * ldc) + n);
        Debug.Assert(m == 0 || k == 0 || a.Length >= (transA == Transpose.None ? ((m - 1) * lda) + k : ((k - 1) * lda) + m));
        Debug.Assert(n == 0 || k == 0 || b.Length >= (transB == Transpose.None ? ((k - 1) * ldb) + n : ((n - 1) * ldb) + k));
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0 || alpha == T.Zero)
        {
            ScaleC(m, n, beta, c, ldc);
            return;
        }

        GemmKernelKind kind = options.Kernel;
        if (options.Route == GemmRoute.Auto && (long)m * n * k < GemmBlocking.DirectMinProduct)
        {
            // The plan's answer for every product below 16³ (the notebook's), spelled out so that they skip the
            // descriptor and plan: small route, one part (Debug builds check it against GemmPlanner).
            Debug.Assert(GemmPlanner.Plan<T>(options, transA, transB, m, n, k) == new GemmPlan(GemmRoute.Small, 1, false, 1, 0));
            fixed (T* pa = a, pb = b, pc = c)
            {
                GemmSmall.Run(kind, transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
            }

            return;
        }

        GemmBlocks blocks = GemmBlocking.For<T>(kind);
        GemmPlan plan = GemmPlanner.Plan(blocks, kind, options.Route, transA, transB, m, n, k, options.Threads);
        fixed (T* pa = a, pb = b, pc = c)
        {
            if (plan.Parts == 1)
            {
                // The common tiny case (the notebook's products) without touching the thread machinery.
                Run(plan.Route, kind, blocks, transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
                return;
            }

            ParallelGemm<T> work = ParallelGemm<T>.Current;
            work.Set(plan, kind, blocks, transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
            try
            {
                WorkerPool.Run(work, plan.Parts);
            }
            finally
            {
                work.Clear();
            }
        }
    }

    /// <summary>The one dispatch: runs <paramref name="route"/> on one block of C, whole product or one part.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Run<T>(GemmRoute route, GemmKernelKind kind, in GemmBlocks blocks, Transpose transA,
        Transpose transB, int m, int n, int k, T alpha, T* a, nint lda, T* b, nint ldb, T beta, T* c, nint ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (route)
        {
            case GemmRoute.Direct:
                RunDirect(blocks, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
                return;
            case GemmRoute.Thin:
                GemmThin.Run(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
                return;
            case GemmRoute.Small:
                GemmSmall.Run(kind, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
                return;
        }

        GemmWorkspace workspace = GemmWorkspace.Current;
        switch (kind)
        {
            case GemmKernelKind.Vector512:
                GemmPacked.Run<T, Vector512Kernel<T>>(blocks, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, workspace);
                break;
            case GemmKernelKind.Vector256:
                GemmPacked.Run<T, Vector256Kernel<T>>(blocks, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, workspace);
                break;
            default:
                GemmPacked.Run<T, ScalarKernel<T>>(blocks, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, workspace);
                break;
        }
    }

    /// <summary>Every MR×NR tile of C straight from A and B; B's NR-column strip stays in L1 while A's rows pass.</summary>
    private static void RunDirect<T>(in GemmBlocks blocks, int m, int n, int k, T alpha, T* a, nint lda, T* b, nint ldb,
        T beta, T* c, nint ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int j = 0; j < n; j += blocks.NR)
        {
            for (int i = 0; i < m; i += blocks.MR)
            {
                GemmKernel512<T>.RunDirect(k, a + (i * lda), lda, b + j, ldb, c + (i * ldc) + j, ldc, alpha, beta);
            }
        }
    }

    /// <summary>C = β·C (β = 0: zeros, C not read), the whole product when k = 0 or α = 0.</summary>
    private static void ScaleC<T>(int m, int n, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
        {
            Span<T> row = c.Slice(i * ldc, n);
            if (beta == T.Zero)
            {
                row.Clear();
            }
            else if (beta != T.One)
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(row, beta, row);
            }
        }
    }

    /// <summary>
    /// One product cut into the plan's parts along m or n in whole tiles; each part runs the same dispatch on its
    /// own block of C with its thread's buffers. One instance per calling thread and type, reused.
    /// </summary>
    private sealed class ParallelGemm<T> : IParallelWork
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        [ThreadStatic]
        private static ParallelGemm<T>? _current;

        private GemmPlan _plan;
        private GemmKernelKind _kind;
        private GemmBlocks _blocks;
        private Transpose _transA;
        private Transpose _transB;
        private int _m;
        private int _n;
        private int _k;
        private T _alpha;
        private T _beta;
        private T* _a;
        private T* _b;
        private T* _c;
        private nint _lda;
        private nint _ldb;
        private nint _ldc;

        public static ParallelGemm<T> Current => _current ??= new ParallelGemm<T>();

        public void Set(in GemmPlan plan, GemmKernelKind kind, in GemmBlocks blocks, Transpose transA, Transpose transB,
            int m, int n, int k, T alpha, T* a, nint lda, T* b, nint ldb, T beta, T* c, nint ldc)
        {
            _plan = plan;
            _kind = kind;
            _blocks = blocks;
            _transA = transA;
            _transB = transB;
            _m = m;
            _n = n;
            _k = k;
            _alpha = alpha;
            _a = a;
            _lda = lda;
            _b = b;
            _ldb = ldb;
            _beta = beta;
            _c = c;
            _ldc = ldc;
        }

        public void Invoke(int part)
        {
            GemmPlan plan = _plan;
            int first = (int)((long)plan.Tiles * part / plan.Parts) * plan.TileSize;
            int last = Math.Min((int)((long)plan.Tiles * (part + 1) / plan.Parts) * plan.TileSize,
                plan.SplitColumns ? _n : _m);
            if (last <= first)
            {
                return;
            }

            T* a = _a;
            T* b = _b;
            T* c = _c;
            int m = _m;
            int n = _n;
            if (plan.SplitColumns)
            {
                b += _transB == Transpose.None ? first : first * _ldb;
                c += first;
                n = last - first;
            }
            else
            {
                a += _transA == Transpose.None ? first * _lda : first;
                c += first * _ldc;
                m = last - first;
            }

            Run(plan.Route, _kind, _blocks, _transA, _transB, m, n, _k, _alpha, a, _lda, b, _ldb, _beta, c, _ldc);
        }

        /// <summary>Drops the pointers once the product is done, so none outlives its fixed scope.</summary>
        public void Clear()
        {
            _a = null;
            _b = null;
            _c = null;
        }
    }
}
