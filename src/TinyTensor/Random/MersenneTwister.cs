namespace TinyTensor.Random;

/// <summary>
/// MT19937 (Matsumoto &amp; Nishimura, 1998) with the classic <c>init_genrand</c> seeding, as in NumPy's legacy
/// <c>RandomState</c> (<c>mt19937_seed</c> / <c>mt19937_gen</c> in numpy/random/src/mt19937).
/// </summary>
internal sealed class MersenneTwister
{
    private const int StateLength = 624;
    private const int Shift = 397;
    private const uint MatrixA = 0x9908b0df;
    private const uint UpperMask = 0x80000000;
    private const uint LowerMask = 0x7fffffff;

    private readonly uint[] _state = new uint[StateLength];
    private int _position;

    public MersenneTwister(uint seed) => Seed(seed);

    public void Seed(uint seed)
    {
        _state[0] = seed;
        for (int i = 1; i < StateLength; i++)
        {
            uint previous = _state[i - 1];
            _state[i] = unchecked((1812433253u * (previous ^ (previous >> 30))) + (uint)i);
        }

        _position = StateLength;
    }

    public uint Next()
    {
        if (_position >= StateLength)
        {
            Regenerate();
        }

        uint y = _state[_position++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >> 18;
        return y;
    }

    private void Regenerate()
    {
        int i = 0;
        for (; i < StateLength - Shift; i++)
        {
            uint y = (_state[i] & UpperMask) | (_state[i + 1] & LowerMask);
            _state[i] = _state[i + Shift] ^ (y >> 1) ^ ((y & 1) == 0 ? 0 : MatrixA);
        }

        for (; i < StateLength - 1; i++)
        {
            uint y = (_state[i] & UpperMask) | (_state[i + 1] & LowerMask);
            _state[i] = _state[i + Shift - StateLength] ^ (y >> 1) ^ ((y & 1) == 0 ? 0 : MatrixA);
        }

        uint last = (_state[StateLength - 1] & UpperMask) | (_state[0] & LowerMask);
        _state[StateLength - 1] = _state[Shift - 1] ^ (last >> 1) ^ ((last & 1) == 0 ? 0 : MatrixA);
        _position = 0;
    }
}
