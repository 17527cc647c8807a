namespace TinyTensor.Cli.Tests;

/// <summary><c>--data</c>: a file, else a bundled name of the TinyTensor.Datasets package, else one error line.</summary>
[TestFixture]
public sealed class DataSourceTests
{
    [Test]
    public void ANameThatIsNeitherAFileNorBundled_IsOneErrorLineNamingIt()
    {
        CliRun.Of("train", "--data", "no-such-data", "--save", "none", "--plot", "none")
            .AssertOneLineError(CliApp.Failure, "file not found: no-such-data");
    }

    [Test]
    public void ABundledName_LoadsFromTheDatasetsPackage_CaseInsensitively()
    {
        CliRun run = CliRun.Of("train", "--data", "DIGITS", "--epochs", "1", "--hidden", "8", "--save", "none", "--plot", "none");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(run.Output, Does.Contain("1437 samples, 360 held out"));
    }
}
