using System.Text;
using TinyTensor.Data;

namespace TinyTensor.Tests.Data;

/// <summary>Malformed files of every kind give InvalidDataException (or a valid result), never another exception.</summary>
public sealed class CorruptFileTests
{
    private TestFiles _files = null!;

    [SetUp]
    public void SetUp() => _files = new TestFiles();

    [TearDown]
    public void TearDown() => _files.Dispose();

    private static readonly (string Name, Action<string> Read)[] Readers =
    [
        ("IDX images", path => IdxReader.ReadImages(path)),
        ("IDX labels", path => IdxReader.ReadLabels(path)),
        ("CSV", path => CsvReader.Read(path)),
        ("CIFAR-10", path => CifarReader.Read(path)),
    ];

    [Test]
    public void Every_byte_of_gzipped_files_inverted_gives_InvalidDataException_or_a_result()
    {
        byte[][] originals =
        [
            TestFiles.Gzip(TestFiles.IdxImages(2, 3, 3)),
            TestFiles.Gzip(TestFiles.IdxLabels(1, 2, 3)),
            TestFiles.Gzip(Encoding.UTF8.GetBytes("1,2,0\n3,4,1\n")),
        ];
        int file = 0;
        foreach (byte[] original in originals)
        {
            for (int position = 0; position < original.Length; position++)
            {
                byte[] corrupt = (byte[])original.Clone();
                corrupt[position] ^= 0xFF;
                string path = _files.Write($"c{file++}.gz", corrupt);
                foreach ((string name, Action<string> read) in Readers)
                {
                    Assert.That(() => ReadOrInvalid(read, path), Throws.Nothing, $"{name}, byte {position} of {original.Length} inverted");
                }
            }
        }
    }

    [Test]
    public void Random_bytes_give_InvalidDataException_or_a_result()
    {
        var rng = new RandomState(123);
        for (int trial = 0; trial < 300; trial++)
        {
            int length = (int)rng.RandInt(0, 64, 1)[0];
            byte[] bytes = rng.RandInt(0, 256, length).Select(v => (byte)v).ToArray();
            if (length >= 4 && trial % 3 == 0)
            {
                bytes[0] = 0;
                bytes[1] = 0;
                bytes[2] = 8;
                bytes[3] = trial % 2 == 0 ? (byte)3 : (byte)1; // a valid magic in front of random sizes
            }

            string path = _files.Write($"r{trial}", bytes);
            foreach ((string name, Action<string> read) in Readers)
            {
                Assert.That(() => ReadOrInvalid(read, path), Throws.Nothing, $"{name}, trial {trial}: {Convert.ToHexString(bytes)}");
            }
        }
    }

    private static void ReadOrInvalid(Action<string> read, string path)
    {
        try
        {
            read(path);
        }
        catch (InvalidDataException)
        {
        }
    }
}
