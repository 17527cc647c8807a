using TinyTensor.Internal;
using TinyTensor.Random;

namespace TinyTensor;

/// <summary>
/// NumPy's legacy generator (<c>numpy.random.RandomState</c>), bit for bit: the same seed gives the same stream of
/// integers and doubles as NumPy, so a model initialised here starts from the same numbers as in Python.
/// </summary>
/// <remarks>
/// The algorithms are NumPy's legacy ones: MT19937; doubles from 53 random bits; Gaussians by the polar
/// Box-Muller method, which yields two values and keeps the second for the next call; bounded integers by masked
/// rejection. An instance is not thread-safe; give each thread its own.
/// </remarks>
public sealed class RandomState
{
    private readonly MersenneTwister _twister;
    private bool _hasGauss;
    private double _gauss;

    /// <summary>Creates a generator seeded like <c>np.random.RandomState(seed)</c>.</summary>
    public RandomState(uint seed) => _twister = new MersenneTwister(seed);

    /// <summary>Re-seeds like <c>np.random.seed(seed)</c>; drops a kept Gaussian.</summary>
    public void Seed(uint seed)
    {
        _twister.Seed(seed);
        _hasGauss = false;
        _gauss = 0.0;
    }

    /// <summary>The next raw 32-bit output of MT19937.</summary>
    public uint NextUInt32() => _twister.Next();

    /// <summary>One double uniform on [0, 1) from two 32-bit draws (NumPy's <c>random_sample</c>).</summary>
    public double RandomSample()
    {
        uint a = _twister.Next() >> 5;
        uint b = _twister.Next() >> 6;
        return ((a * 67108864.0) + b) / 9007199254740992.0;
    }

    /// <summary>A tensor of doubles uniform on [0, 1), filled in row-major order (<c>np.random.rand</c>).</summary>
    public Tensor Rand(params int[] shape)
    {
        var result = new Tensor(shape);
        Span<double> values = result.AsSpan();
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = RandomSample();
        }

        return result;
    }

    /// <summary>A tensor of standard normal draws in row-major order (<c>np.random.randn</c>).</summary>
    public Tensor Randn(params int[] shape) => Normal(0.0, 1.0, shape);

    /// <summary><see cref="Rand(int[])"/> in element type <paramref name="dtype"/>: the same float64 draws, rounded to
    /// float32 for <see cref="DType.Float32"/> (NumPy's <c>rand(...).astype(np.float32)</c>), so the generator advances
    /// the same way in both types.</summary>
    public Tensor Rand(DType dtype, params int[] shape) => Rand(shape).To(dtype);

    /// <summary><see cref="Randn(int[])"/> in element type <paramref name="dtype"/> (float64 draws, rounded).</summary>
    public Tensor Randn(DType dtype, params int[] shape) => Randn(shape).To(dtype);

    /// <summary><see cref="Uniform(double, double, int[])"/> in element type <paramref name="dtype"/> (float64 draws, rounded).</summary>
    public Tensor Uniform(double low, double high, DType dtype, params int[] shape) => Uniform(low, high, shape).To(dtype);

    /// <summary><see cref="Normal(double, double, int[])"/> in element type <paramref name="dtype"/> (float64 draws, rounded).</summary>
    public Tensor Normal(double loc, double scale, DType dtype, params int[] shape) => Normal(loc, scale, shape).To(dtype);

    /// <summary>One standard normal draw (NumPy's legacy <c>gauss</c>).</summary>
    public double NextGaussian()
    {
        if (_hasGauss)
        {
            double kept = _gauss;
            _hasGauss = false;
            _gauss = 0.0;
            return kept;
        }

        double x1, x2, r2;
        do
        {
            x1 = (2.0 * RandomSample()) - 1.0;
            x2 = (2.0 * RandomSample()) - 1.0;
            r2 = (x1 * x1) + (x2 * x2);
        }
        while (r2 >= 1.0 || r2 == 0.0);

        double f = Math.Sqrt(-2.0 * Math.Log(r2) / r2);
        _gauss = f * x1;
        _hasGauss = true;
        return f * x2;
    }

    /// <summary>
    /// <paramref name="size"/> integers uniform on [<paramref name="low"/>, <paramref name="high"/>), as
    /// <c>np.random.randint(low, high, size)</c>. Note the argument order differs from NumPy's
    /// <c>randint(high, size=)</c> form. A range of one value (high = low + 1) consumes no draws.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="high"/> is not greater than <paramref name="low"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is negative.</exception>
    public int[] RandInt(int low, int high, int size)
    {
        CheckRandIntArguments(low, high, size);
        var result = new int[size];
        uint range = (uint)((long)high - low - 1);
        for (int i = 0; i < size; i++)
        {
            result[i] = (int)(low + (long)BoundedUInt32(range));
        }

        return result;
    }

    /// <inheritdoc cref="RandInt(int, int, int)"/>
    public long[] RandInt(long low, long high, int size)
    {
        CheckRandIntArguments(low, high, size);
        var result = new long[size];
        ulong range = unchecked((ulong)high - (ulong)low - 1);
        for (int i = 0; i < size; i++)
        {
            ulong value = range <= uint.MaxValue ? BoundedUInt32((uint)range) : BoundedUInt64(range);
            result[i] = unchecked(low + (long)value);
        }

        return result;
    }

    /// <summary>A random permutation of 0 … n−1 (<c>np.random.permutation(n)</c>): Fisher-Yates from the last index down.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative.</exception>
    public int[] Permutation(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var result = new int[n];
        for (int i = 0; i < n; i++)
        {
            result[i] = i;
        }

        Shuffle(result);
        return result;
    }

    /// <summary>Shuffles in place exactly as NumPy's legacy <c>shuffle</c> does a 1-D array.</summary>
    public void Shuffle(Span<int> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = (int)BoundedUInt32((uint)i);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    /// <summary>Doubles uniform on [<paramref name="low"/>, <paramref name="high"/>): low + (high − low)·u.</summary>
    public Tensor Uniform(double low, double high, params int[] shape)
    {
        if (!double.IsFinite(low) || !double.IsFinite(high - low))
        {
            ThrowHelper.Argument(nameof(high), $"Uniform: the range [{low}, {high}) must be finite.");
        }

        var result = new Tensor(shape);
        Span<double> values = result.AsSpan();
        double range = high - low;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = low + (range * RandomSample());
        }

        return result;
    }

    /// <summary>Normal draws with mean <paramref name="loc"/> and standard deviation <paramref name="scale"/>: loc + scale·g.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is negative or not finite.</exception>
    public Tensor Normal(double loc, double scale, params int[] shape)
    {
        if (!(scale >= 0.0) || double.IsInfinity(scale))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(scale), scale, $"Normal: scale must be finite and non-negative, got {scale}.");
        }

        var result = new Tensor(shape);
        Span<double> values = result.AsSpan();
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = loc + (scale * NextGaussian());
        }

        return result;
    }

    /// <summary>A value in [0, range] by masked rejection on 32-bit draws.</summary>
    private uint BoundedUInt32(uint range)
    {
        if (range == 0)
        {
            return 0;
        }

        uint mask = SmallestMask(range);
        uint value;
        while ((value = _twister.Next() & mask) > range)
        {
        }

        return value;
    }

    /// <summary>A value in [0, range] by masked rejection on 64-bit draws (high word first).</summary>
    private ulong BoundedUInt64(ulong range)
    {
        ulong mask = range;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        mask |= mask >> 32;
        ulong value;
        do
        {
            ulong high = _twister.Next();
            value = ((high << 32) | _twister.Next()) & mask;
        }
        while (value > range);

        return value;
    }

    private static uint SmallestMask(uint range)
    {
        uint mask = range;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        return mask;
    }

    private static void CheckRandIntArguments(long low, long high, int size)
    {
        if (high <= low)
        {
            ThrowHelper.Argument(nameof(high), $"RandInt: high ({high}) must be greater than low ({low}).");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(size);
    }
}
