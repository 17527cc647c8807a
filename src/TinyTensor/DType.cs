using TinyTensor.Internal;

namespace TinyTensor;

/// <summary>
/// A tensor's element type, as NumPy's and PyTorch's <c>dtype</c>. <see cref="Float64"/> is the default everywhere
/// (the notebook's numbers are float64 and stay bit-identical); <see cref="Float32"/> moves twice the elements per
/// SIMD instruction and half the bytes.
/// </summary>
/// <remarks>Operations never promote: an op whose operands have different types throws an
/// <see cref="ArgumentException"/> naming both; convert one side with <see cref="Tensor.To(DType)"/>.</remarks>
public enum DType
{
    /// <summary>IEEE 754 binary64, C#'s <see cref="double"/> (NumPy <c>float64</c>, PyTorch <c>torch.float64</c>).</summary>
    Float64 = 0,

    /// <summary>IEEE 754 binary32, C#'s <see cref="float"/> (NumPy <c>float32</c>, PyTorch <c>torch.float32</c>).</summary>
    Float32 = 1,
}

/// <summary>Names, sizes and parsing of <see cref="DType"/> values.</summary>
public static class DTypes
{
    /// <summary>The NumPy/PyTorch name, <c>float64</c> or <c>float32</c>, as every message prints it.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dtype"/> is not a defined <see cref="DType"/>.</exception>
    public static string Name(this DType dtype) => dtype switch
    {
        DType.Float64 => "float64",
        DType.Float32 => "float32",
        _ => throw Unknown(dtype, nameof(dtype)),
    };

    /// <summary>Bytes per element: 8 or 4.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dtype"/> is not a defined <see cref="DType"/>.</exception>
    public static int Size(this DType dtype) => dtype switch
    {
        DType.Float64 => sizeof(double),
        DType.Float32 => sizeof(float),
        _ => throw Unknown(dtype, nameof(dtype)),
    };

    /// <summary>The type of elements of C# type <typeparamref name="T"/>: <see cref="double"/> or <see cref="float"/>.</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither.</exception>
    public static DType Of<T>()
        where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            return DType.Float64;
        }

        if (typeof(T) == typeof(float))
        {
            return DType.Float32;
        }

        throw new NotSupportedException($"DType: {typeof(T).Name} is not an element type; use double (float64) or float (float32).");
    }

    /// <summary>Reads <c>float64</c>/<c>float32</c> (also <c>double</c>, <c>float</c>, <c>f64</c>, <c>f32</c>; any case).</summary>
    /// <returns>Whether <paramref name="text"/> names a type.</returns>
    public static bool TryParse(string? text, out DType dtype)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "float64" or "double" or "f64":
                dtype = DType.Float64;
                return true;
            case "float32" or "float" or "f32":
                dtype = DType.Float32;
                return true;
            default:
                dtype = default;
                return false;
        }
    }

    /// <summary>As <see cref="TryParse"/>, throwing for anything else.</summary>
    /// <exception cref="ArgumentException"><paramref name="text"/> names no element type.</exception>
    public static DType Parse(string text)
    {
        if (!TryParse(text, out DType dtype))
        {
            ThrowHelper.Argument(nameof(text), $"DType: '{text}' is not an element type; expected float64 or float32.");
        }

        return dtype;
    }

    /// <summary>Throws unless <paramref name="dtype"/> is a defined value (an unknown <c>(DType)7</c>).</summary>
    internal static void Require(DType dtype, string paramName)
    {
        if (dtype is not (DType.Float64 or DType.Float32))
        {
            throw Unknown(dtype, paramName);
        }
    }

    private static ArgumentOutOfRangeException Unknown(DType dtype, string paramName) =>
        new(paramName, dtype, $"DType: {(int)dtype} is not an element type; expected DType.Float64 or DType.Float32.");
}
