namespace TinyTensor.Tests.Support;

/// <summary>Finds the NumPy fixtures copied into this test project (tests/TinyTensor.Tests/Fixtures).</summary>
internal static class FixturePath
{
    public static string Of(string fileName)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", fileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Fixture {fileName} was not copied to the test output folder.", path);
        }

        return path;
    }
}
