using TinyTensor.Soak;

namespace TinyTensor.Tests.Serialization;

/// <summary>
/// A real crash: a child process saving two models alternately over one file is killed (SIGKILL) at random moments;
/// after every kill the file loads and is exactly the old or the new model. The soak console runs the same check
/// with 200 kills (<c>dotnet benchmarks/TinyTensor.Soak/bin/Release/net10.0/TinyTensor.Soak.dll crash 200</c>).
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class CrashSafetyTests
{
    public const int Kills = 20;

    [Test]
    public void KillingAProcessMidSave_LeavesTheOldOrTheNewModel_NeverABrokenOne()
    {
        using var log = new StringWriter();

        CrashResult result = CrashTest.Run(Kills, seed: 7, log);

        TestContext.Out.WriteLine(log.ToString());
        Assert.That(result.Failures, Is.Empty, log.ToString());
        Assert.That(result.Intact, Is.EqualTo(Kills));
        Assert.That(result.Interrupted, Is.GreaterThan(0), "at least one kill landed inside a save, or the test proves nothing");
    }
}
