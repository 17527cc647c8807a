using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TinyTensor.Kernels.Threading;

namespace TinyTensor.Kernels.Gemm;

/// <summary>
/// General matrix multiply, C = α·op(A)·op(B) + β·C, on row-major spans with leading dimensions. The three forms a
/// Linear layer needs (A·B, Aᵀ·B, A·Bᵀ) run without a transposed copy. β = 0 never reads C.
/// </summary>
/// <remarks>
/// Kernels trust their inputs: the friendly API (<see cref="Tensor.MatMul(Tensor, Tensor)"/>, the layers) checks
/// shapes once; here only <see cref="Debug.Assert(bool)"/> guards.
/// <para>Two routes. Small or thin products (<see cref="IsSmall"/>) take <see cref="GemmSmall"/>: no packing,
/// NumPy's summation order (so the notebook reproduces NumPy bit for bit), except that products thin in n but
/// too big to be small take <see cref="GemmThin"/> (FMA, vectorised along m or k) on the Vector512 kernel. The rest take <see cref="GemmPacked"/>,
/// the BLIS loop nest around an FMA micro-kernel. Both are split over threads by blocks of rows or columns of C,
/// never over k: each element of C sees the same operations in the same order whatever
/// <see cref="Parallelism.NumThreads"/> is, so the bits do not depend on it.</para>
/// </remarks>
internal static unsafe class Gemm
{
    [ThreadStatic]
    private static ParallelGemm? _parallelWork;

    /// <summary>The micro-kernel in use: the widest the hardware accelerates, chosen once; tests may force one.</summary>
    internal static GemmKernelKind Kernel { get; set; } = DetectKernel();

    /// <summary>Which route products take; <see cref="GemmRoute.Auto"/> except in tests.</summary>
    internal static GemmRoute Route { get; set; } = GemmRoute.Auto;

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

    /// <summary>A is (m, k) after op, B is (k, n) after op, C is (m, n).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(Transpose transA, Transpose transB, int m, int n, int k, double alpha,
        ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc)
    {
        Debug.Assert(m >= 0 && n >= 0 && k >= 0);
        Debug.Assert(m == 0 || n == 0 || c.Length >= ((m - 1) * ldc) + n);
        Debug.Assert(m == 0 || k == 0 || a.Length >= (transA == Transpose.None ? ((m - 1) * lda) + k : ((k - 1) * lda) + m));
        Debug.Assert(n == 0 || k == 0 || b.Length >= (transB == Transpose.None ? ((k - 1) * ldb) + n : ((n - 1) * ldb) + k));
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0 || alpha == 0.0)
        {
            ScaleC(m, n, beta, c, ldc);
            return;
        }

        GemmKernelKind kind = Kernel;
        fixed (double* pa = a, pb = b, pc = c)
        {
            bool small = Route switch
            {
                GemmRoute.Small => true,
                GemmRoute.Packed => false,
                GemmRoute.Thin => true,
                GemmRoute.Direct => false,
                _ => IsSmall(transB, m, n, k),
            };
            bool thin = small && Route switch
            {
                GemmRoute.Thin => kind == GemmKernelKind.Vector512,
                GemmRoute.Auto => GemmThin.Applies(kind, m, n, k),
                _ => false,
            };
            int threads = Parallelism.NumThreads;
            bool direct = Route switch
            {
                GemmRoute.Direct => IsDirect(kind, transA, transB, m, n, k),
                GemmRoute.Auto => IsDirect(kind, transA, transB, m, n, k)
                    && (long)m * n * k >= GemmBlocking.DirectMinProduct
                    && 2L * m * n * k < GemmBlocking.ParallelFlopLimit,
                _ => false,
            };
            if (direct)
            {
                RunDirect(m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
                return;
            }

            // Parts is 1 below the flop limit or with one thread: checked first, the notebook's products skip the
            // divisions of PlanSplit.
            if (small && (threads == 1 || 2L * m * n * k < GemmBlocking.ParallelFlopLimit
                || PlanSplit(kind, small, m, n, k, threads, thin).Parts == 1))
            {
                // The common tiny case (the notebook's products) without touching the thread machinery.
                if (thin)
                {
                    GemmThin.Run(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
                }
                else
                {
                    GemmSmall.Run(kind, transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
                }

                return;
            }

            ParallelGemm work = _parallelWork ??= new ParallelGemm();
            work.Set(kind, small, thin, transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
            int parts = work.Plan(threads);
            try
            {
                WorkerPool.Run(work, parts);
            }
            finally
            {
                work.Clear();
            }
        }
    }

    /// <summary>
    /// Whether a product can skip packing on the Vector512 kernel: A·B in whole 8×16 tiles with k ≤ KC, so every element
    /// is the packed route's single FMA chain and the same bits. Taken from <see cref="GemmBlocking.DirectMinProduct"/> up to
    /// the flop limit (one thread), where packing is a large share, see <see cref="GemmKernel512.RunDirect"/>.
    /// </summary>
    internal static bool IsDirect(GemmKernelKind kind, Transpose transA, Transpose transB, int m, int n, int k) =>
        kind == GemmKernelKind.Vector512 && transA == Transpose.None && transB == Transpose.None
        && m % GemmBlocking.Vector512MR == 0 && n % GemmBlocking.Vector512NR == 0 && k <= GemmBlocking.KC;

    /// <summary>Every 8×16 tile of C straight from A and B; B's 16-column strip stays in L1 while A's rows pass.</summary>
    private static void RunDirect(int m, int n, int k, double alpha, double* a, nint lda, double* b, nint ldb,
        double beta, double* c, nint ldc)
    {
        for (int j = 0; j < n; j += GemmBlocking.Vector512NR)
        {
            for (int i = 0; i < m; i += GemmBlocking.Vector512MR)
            {
                GemmKernel512.RunDirect(k, a + (i * lda), lda, b + j, ldb, c + (i * ldc) + j, ldc, alpha, beta);
            }
        }
    }

    /// <summary>
    /// Whether the unpacked route is faster: small products, and thin ones (a dimension under
    /// <see cref="GemmBlocking.ThinDimension"/>), where most of a packed tile would be zero padding or packing would
    /// be a large share of the work. A·Bᵀ needs a transposed copy of B on that route, so a huge B stays packed.
    /// </summary>
    internal static bool IsSmall(Transpose transB, int m, int n, int k) =>
        ((long)m * n * k <= GemmBlocking.SmallProductLimit
            || Math.Min(m, Math.Min(n, k)) < GemmBlocking.ThinDimension)
        && (transB == Transpose.None || (long)n * k <= (long)GemmBlocking.KC * GemmBlocking.NC);

    /// <summary>
    /// How a product is cut: into <c>Parts</c> runs of whole tiles along n (<c>SplitColumns</c>) or m, <c>Tiles</c>
    /// tiles of <c>TileSize</c> rows or columns in all (the unpacked route: runs of 4 rows). Depends on the sizes,
    /// never on the data, and never cuts k.
    /// </summary>
    internal static (int Parts, bool SplitColumns, int Tiles, int TileSize) PlanSplit(GemmKernelKind kind, bool small,
        int m, int n, int k, int threads, bool thin = false)
    {
        (int mr, int nr) = small ? (thin ? GemmThin.Rows : GemmSmall.Rows, int.MaxValue) : kind switch
        {
            GemmKernelKind.Vector512 => (GemmBlocking.Vector512MR, GemmBlocking.Vector512NR),
            GemmKernelKind.Vector256 => (GemmBlocking.Vector256MR, GemmBlocking.Vector256NR),
            _ => (GemmBlocking.ScalarMR, GemmBlocking.ScalarNR),
        };

        // Split the longer side of C: each part then repacks the other operand in full, which costs least when
        // that operand is the smaller one. Whole tiles per part keep the tile grid (and so the bits) fixed. The
        // unpacked route always splits rows (each part would otherwise transpose all of Bᵀ for a few columns).
        bool splitColumns = !small && n >= m;
        int tileSize = splitColumns ? nr : mr;
        int tiles = ((splitColumns ? n : m) + tileSize - 1) / tileSize;
        long flops = 2L * m * n * k;
        int parts = flops < GemmBlocking.ParallelFlopLimit ? 1 : Math.Min(threads, tiles);
        return (parts, splitColumns, tiles, tileSize);
    }

    /// <summary>C = β·C (β = 0: zeros, C not read), the whole product when k = 0 or α = 0.</summary>
    private static void ScaleC(int m, int n, double beta, Span<double> c, int ldc)
    {
        for (int i = 0; i < m; i++)
        {
            Span<double> row = c.Slice(i * ldc, n);
            if (beta == 0.0)
            {
                row.Clear();
            }
            else if (beta != 1.0)
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(row, beta, row);
            }
        }
    }

    /// <summary>
    /// One product cut into parts along m or n in whole tiles; each part is an independent GEMM on its own block of
    /// C with its thread's buffers. One instance per calling thread, reused.
    /// </summary>
    private sealed class ParallelGemm : IParallelWork
    {
        private GemmKernelKind _kind;
        private bool _small;
        private bool _thin;
        private Transpose _transA;
        private Transpose _transB;
        private int _m;
        private int _n;
        private int _k;
        private double _alpha;
        private double _beta;
        private double* _a;
        private double* _b;
        private double* _c;
        private nint _lda;
        private nint _ldb;
        private nint _ldc;
        private bool _splitColumns;
        private int _tiles;
        private int _tileSize;
        private int _parts;

        public void Set(GemmKernelKind kind, bool small, bool thin, Transpose transA, Transpose transB, int m, int n, int k, double alpha,
            double* a, nint lda, double* b, nint ldb, double beta, double* c, nint ldc)
        {
            _kind = kind;
            _small = small;
            _thin = thin;
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

        /// <summary>Chooses the split and returns the number of parts (1: run on the calling thread).</summary>
        public int Plan(int threads)
        {
            (_parts, _splitColumns, _tiles, _tileSize) = PlanSplit(_kind, _small, _m, _n, _k, threads, _thin);
            return _parts;
        }

        public void Invoke(int part)
        {
            int first = (int)((long)_tiles * part / _parts) * _tileSize;
            int last = Math.Min((int)((long)_tiles * (part + 1) / _parts) * _tileSize, _splitColumns ? _n : _m);
            if (last <= first)
            {
                return;
            }

            double* a = _a;
            double* b = _b;
            double* c = _c;
            int m = _m;
            int n = _n;
            if (_splitColumns)
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

            if (_thin)
            {
                GemmThin.Run(_transA, _transB, m, n, _k, _alpha, a, _lda, b, _ldb, _beta, c, _ldc);
                return;
            }

            if (_small)
            {
                GemmSmall.Run(_kind, _transA, _transB, m, n, _k, _alpha, a, _lda, b, _ldb, _beta, c, _ldc);
                return;
            }

            GemmWorkspace workspace = GemmWorkspace.Current;
            switch (_kind)
            {
                case GemmKernelKind.Vector512:
                    GemmPacked.Run<Vector512Kernel>(_transA, _transB, m, n, _k, _alpha, a, _lda, b, _ldb, _beta, c, _ldc, workspace);
                    break;
                case GemmKernelKind.Vector256:
                    GemmPacked.Run<Vector256Kernel>(_transA, _transB, m, n, _k, _alpha, a, _lda, b, _ldb, _beta, c, _ldc, workspace);
                    break;
                default:
                    GemmPacked.Run<ScalarKernel>(_transA, _transB, m, n, _k, _alpha, a, _lda, b, _ldb, _beta, c, _ldc, workspace);
                    break;
            }
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
