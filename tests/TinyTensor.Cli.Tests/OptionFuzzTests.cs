namespace TinyTensor.Cli.Tests;

/// <summary>
/// Every command's options fed hostile values (NaN, ±∞, 1e309, −0, integer limits, empty, separators, control
/// characters): each run either succeeds with nothing on stderr or fails with exactly one <c>error:</c> line, no stack
/// trace, and exit code 1 or 2. Never a crash, never a silent success on a value outside the option's range.
/// </summary>
[TestFixture]
public sealed class OptionFuzzTests
{
    private static readonly string[] Values =
    [
        "NaN", "nan", "inf", "-inf", "Infinity", "-Infinity", "∞", "1e309", "-1e309", "-0", "0", "-0.0", "1e-400",
        "2147483647", "2147483648", "-2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
        "-9223372036854775808", "4294967295", "4294967296", "", " ", "0,001", "1,000", "1 000", "1_000", "1.5",
        "0x10", "1e3", "+1", "--", "\t", "a\nb", "none", "-1",
    ];

    /// <summary>Values no numeric option may accept.</summary>
    private static readonly HashSet<string> NeverValid = ["NaN", "nan", "inf", "-inf", "Infinity", "-Infinity", "∞", "1e309", "-1e309", "", " ", "0,001", "1,000", "1 000", "1_000", "\t", "a\nb"];

    private TempFolder _folder = null!;
    private string _csv = "";
    private string _model = "";
    private string _workingDirectory = "";

    /// <summary>Runs in a temporary folder: fuzzed --save/--plot values are relative paths (the CLI tests run one at a time).</summary>
    [OneTimeSetUp]
    public void SetUp()
    {
        _folder = new TempFolder();
        _workingDirectory = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(_folder.Path);
        _csv = _folder.File("d.csv");
        File.WriteAllText(_csv, "1,2,0\n3,4,1\n5,6,0\n7,8,1\n");
        _model = _folder.File("m.safetensors");
        CliRun trained = CliRun.Of("train", "--data", _csv, "--epochs", "1", "--hidden", "2", "--save", _model, "--plot", "none");
        Assert.That(trained.ExitCode, Is.EqualTo(0), trained.Error);
    }

    [OneTimeTearDown]
    public void TearDown()
    {
        Directory.SetCurrentDirectory(_workingDirectory);
        _folder.Dispose();
    }

    private string[] Base(string command) => command switch
    {
        "train" => ["train", "--data", _csv, "--epochs", "1", "--hidden", "2", "--save", "none", "--plot", "none"],
        "eval" => ["eval", "--model", _model, "--data", _csv],
        "predict" => ["predict", "--model", _model, "--data", _csv],
        _ => ["notebook", "--plot", "none", "--epochs", "1"],
    };

    private static readonly (string Command, string Option, bool Numeric)[] Options =
    [
        ("train", "--lr", true), ("train", "--epochs", true), ("train", "--batch-size", true), ("train", "--val-split", true),
        ("train", "--seed", true), ("train", "--hidden", true), ("train", "--max-memory", true), ("train", "--activation", false),
        ("train", "--optimizer", false), ("train", "--label-column", false), ("train", "--data", false), ("train", "--save", false),
        ("train", "--plot", false), ("eval", "--model", false), ("eval", "--data", false), ("predict", "--data", false),
        ("eval", "--val-split", true), ("eval", "--seed", true), ("eval", "--max-memory", true), ("eval", "--label-column", false),
        ("predict", "--max-memory", true), ("predict", "--label-column", false),
        ("notebook", "--epochs", true),
    ];

    [Test]
    public void EveryOptionWithEveryHostileValue_SucceedsCleanlyOrFailsWithOneLine()
    {
        int runs = 0, failures = 0;
        foreach ((string command, string option, bool numeric) in Options)
        {
            foreach (string value in Values)
            {
                CliRun run = CliRun.Of([.. Base(command), option, value]);
                runs++;
                string what = $"{command} {option} '{value}'";
                if (run.ExitCode == 0)
                {
                    Assert.That(run.Error, Is.Empty, what);
                    Assert.That(numeric && NeverValid.Contains(value), Is.False, $"{what} was accepted");
                    continue;
                }

                failures++;
                Assert.That(run.ExitCode, Is.EqualTo(1).Or.EqualTo(2), $"{what}: {run.Error}");
                string[] lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                Assert.That(lines, Has.Length.EqualTo(1), $"{what}: {run.Error}");
                Assert.That(lines[0], Does.StartWith("error: "), what);
                Assert.That(run.Error, Does.Not.Contain("   at ").And.Not.Contain("System.Nullable"), what);
            }
        }

        Assert.That(runs, Is.EqualTo(Options.Length * Values.Length));
        Assert.That(failures, Is.GreaterThan(runs / 2), "most hostile values are refused");
        TestContext.Out.WriteLine($"{runs} runs, {failures} refused with one line, {runs - failures} accepted");
    }
}
