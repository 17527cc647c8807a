using System.Diagnostics;
using TinyTensor.IO;
using TinyTensor.Serialization;
using TinyTensor.Tests.Serialization;

namespace TinyTensor.Tests.IO;

/// <summary>Class 1 and 6 of issue 13: an output never replaces a device, FIFO, socket or directory, never
/// destroys another name of an input, and its temporary name always fits the file system.</summary>
[TestFixture]
public sealed class OutputFileTests
{
    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("tinytensor-out-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    [Test]
    public void ACharacterDevice_IsRefusedAndLeftAlone()
    {
        Assert.That(() => OutputFile.Write("/dev/null", s => s.WriteByte(1)),
            Throws.InstanceOf<IOException>().With.Message.Contains("/dev/null").And.Message.Contains("character device"));
        Assert.That(PathKind.Of("/dev/null"), Is.EqualTo(FileKind.CharacterDevice));
    }

    [Test]
    public void ModelFileSave_RefusesADevice() =>
        Assert.That(() => ModelFile.Save(ModelFileTestData.Small(), "/dev/null"),
            Throws.InstanceOf<IOException>().With.Message.Contains("character device"));

    [Test]
    public void AFifo_IsRefusedAndStaysAFifo()
    {
        string fifo = PathOf("pipe");
        using (Process.Start("mkfifo", [fifo])!)
        {
        }

        WaitFor(() => File.Exists(fifo));
        Assert.That(() => OutputFile.Write(fifo, s => s.WriteByte(1)), Throws.InstanceOf<IOException>().With.Message.Contains("FIFO"));
        Assert.That(PathKind.Of(fifo), Is.EqualTo(FileKind.Fifo));
    }

    [Test]
    public void ADirectory_IsRefused()
    {
        Directory.CreateDirectory(PathOf("dir"));
        Assert.That(() => OutputFile.Write(PathOf("dir"), s => s.WriteByte(1)), Throws.InstanceOf<IOException>().With.Message.Contains("directory"));
        Assert.That(Directory.Exists(PathOf("dir")), Is.True);
    }

    [Test]
    public void ASymbolicLink_IsFollowed_AndStaysALink()
    {
        string target = PathOf("real.bin"), link = PathOf("link.bin");
        File.WriteAllText(target, "old");
        File.CreateSymbolicLink(link, target);
        OutputFile.Write(link, s => s.Write("new"u8));
        Assert.That(File.ReadAllText(target), Is.EqualTo("new"));
        Assert.That(new FileInfo(link).LinkTarget, Is.Not.Null);
    }

    [Test]
    public void SameFile_SeesHardLinksSymbolicLinksAndRelativeSpellings()
    {
        string a = PathOf("a.csv");
        File.WriteAllText(a, "1,0\n");
        File.CreateSymbolicLink(PathOf("sym.csv"), a);
        using (Process link = Process.Start("ln", [a, PathOf("hard.csv")])!)
        {
            link.WaitForExit();
        }

        Assert.That(OutputFile.SameFile(a, PathOf("sym.csv")), Is.True);
        Assert.That(OutputFile.SameFile(a, PathOf("hard.csv")), Is.True);
        Assert.That(OutputFile.SameFile(a, Path.Combine(_folder, ".", "a.csv")), Is.True);
        Assert.That(OutputFile.SameFile(a, PathOf("new.csv")), Is.False);
        Assert.That(OutputFile.SameFile(PathOf("new.csv"), Path.Combine(_folder, "x", "..", "new.csv")), Is.True);
    }

    [TestCase(200)]
    [TestCase(230)]
    [TestCase(255)]
    public void ALegalLongName_GetsATemporaryNameThatFits(int length)
    {
        string path = PathOf(new string('a', length));
        OutputFile.CheckWritable(path);
        OutputFile.Write(path, s => s.Write("ok"u8));
        Assert.That(File.ReadAllText(path), Is.EqualTo("ok"));
        Assert.That(Directory.GetFiles(_folder), Has.Length.EqualTo(1), "no temporary file left");
    }

    [Test]
    public void AMultiByteName_IsCutOnACharacterBoundary()
    {
        string path = PathOf(new string('é', 127)); // 254 bytes
        string temporary = OutputFile.TemporaryPathFor(path);
        Assert.That(System.Text.Encoding.UTF8.GetByteCount(Path.GetFileName(temporary)), Is.LessThanOrEqualTo(OutputFile.MaxNameBytes));
        OutputFile.Write(path, s => s.Write("ok"u8));
        Assert.That(File.Exists(path), Is.True);
    }

    [Test]
    public void ANameLongerThanTheFileSystemAllows_IsRefusedBeforeWriting() =>
        Assert.That(() => OutputFile.CheckWritable(PathOf(new string('a', 256))),
            Throws.InstanceOf<IOException>().With.Message.Contains("256 bytes"));

    private static void WaitFor(Func<bool> condition)
    {
        for (int i = 0; i < 100 && !condition(); i++)
        {
            Thread.Sleep(10);
        }
    }
}
