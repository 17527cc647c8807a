using TinyTensor.Layers;
using TinyTensor.Serialization;

namespace TinyTensor.Tests.Serialization;

/// <summary>Saving goes through a temporary file in the target's folder and a rename: a failure midway leaves the
/// old file intact and no temporary file behind.</summary>
[TestFixture]
public sealed class AtomicSaveTests
{
    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("tinytensor-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void Save_ReplacesAnExistingFile()
    {
        string path = Path.Combine(_folder, "model.safetensors");
        File.WriteAllText(path, "old model");
        ModelFile.Save(ModelFileTestData.Small(), path);
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(ModelFileTestData.Bytes(ModelFileTestData.Small())));
        Assert.That(Directory.GetFiles(_folder), Is.EqualTo(new[] { path }));
    }

    [TestCase(0)]
    [TestCase(100)]
    [TestCase(600)]
    public void AFailureMidway_LeavesTheOldFileAndNoTemporaryFile(int failAfterBytes)
    {
        string path = Path.Combine(_folder, "model.safetensors");
        File.WriteAllText(path, "old model");
        Assert.That(() => ModelFile.Save(ModelFileTestData.Small(), path, file => new FailingStream(file, failAfterBytes)),
            Throws.TypeOf<IOException>().With.Message.Contains("Cannot save the model to " + path).And.Message.Contains("disk full (simulated)"));
        Assert.That(File.ReadAllText(path), Is.EqualTo("old model"));
        Assert.That(Directory.GetFiles(_folder), Is.EqualTo(new[] { path }));
    }

    [Test]
    public void AnUnsupportedLayer_FailsBeforeAnyFileIsTouched()
    {
        string path = Path.Combine(_folder, "model.safetensors");
        File.WriteAllText(path, "old model");
        var model = new Sequential(new UnregisteredLayer());
        Assert.That(() => ModelFile.Save(model, path), Throws.ArgumentException);
        Assert.That(File.ReadAllText(path), Is.EqualTo("old model"));
        Assert.That(Directory.GetFiles(_folder), Has.Length.EqualTo(1));
    }

    [Test]
    public void AMissingFolder_IsAnIOExceptionNamingThePath()
    {
        string path = Path.Combine(_folder, "no-such-folder", "model.safetensors");
        Assert.That(() => ModelFile.Save(ModelFileTestData.Small(), path),
            Throws.InstanceOf<IOException>().With.Message.Contains(path));
    }

    /// <summary>Passes writes through until <c>limit</c> bytes, then fails like a full disk.</summary>
    private sealed class FailingStream(Stream inner, long limit) : Stream
    {
        private long _written;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_written + buffer.Length > limit)
            {
                int allowed = (int)(limit - _written);
                inner.Write(buffer[..allowed]);
                _written = limit;
                throw new IOException("disk full (simulated)");
            }

            inner.Write(buffer);
            _written += buffer.Length;
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
