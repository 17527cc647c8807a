namespace TinyTensor.Data;

/// <summary>Recognises an IDX file by its magic number: two zero bytes, the element type, the number of dimensions.</summary>
internal static class IdxHeader
{
    /// <summary>The element-type byte of unsigned bytes, the only type the readers take.</summary>
    private const byte UnsignedByte = 0x08;

    /// <summary>The (type, dimensions) of an IDX magic at the start of <paramref name="content"/>, or null when it
    /// is not one (the IDX types are 0x08, 0x09, 0x0B … 0x0E; at least one dimension).</summary>
    public static (byte Type, int Dimensions)? Kind(ReadOnlySpan<byte> content)
    {
        if (content.Length < 4 || content[0] != 0 || content[1] != 0 || content[3] == 0)
        {
            return null;
        }

        byte type = content[2];
        return type is 0x08 or 0x09 or (>= 0x0B and <= 0x0E) ? (type, content[3]) : null;
    }

    /// <summary>Fails unless the magic is that of unsigned-byte images, saying what the file is instead.</summary>
    public static void RequireImages((byte Type, int Dimensions) kind, string source)
    {
        if (kind.Type != UnsignedByte)
        {
            throw new InvalidDataException(
                $"{source} is an IDX file of element type 0x{kind.Type:X2} ({TypeName(kind.Type)}); only unsigned-byte (0x08) images are supported.");
        }

        if (kind.Dimensions == 1)
        {
            throw new InvalidDataException($"{source} is an IDX labels file; give the images file (its labels are found next to it).");
        }

        if (kind.Dimensions != 3)
        {
            throw new InvalidDataException(
                $"{source} is an IDX file with {kind.Dimensions} dimensions; images are 3-D (count, rows, columns; magic 0x00000803).");
        }
    }

    private static string TypeName(byte type) => type switch
    {
        0x09 => "signed bytes",
        0x0B => "16-bit integers",
        0x0C => "32-bit integers",
        0x0D => "32-bit floats",
        0x0E => "64-bit floats",
        _ => "unsigned bytes",
    };
}
