using TinyTensor.Data;

namespace TinyTensor.Tests.Packaging;

/// <summary>The data sets (and their CC BY / CC BY-SA licences) live in TinyTensor.Datasets, not in the core library.</summary>
public sealed class DatasetsPackageSplitTests
{
    [Test]
    public void The_core_assembly_embeds_no_data()
    {
        Assert.That(typeof(Tensor).Assembly.GetManifestResourceNames(), Is.Empty);
    }

    [Test]
    public void The_bundled_data_sets_are_in_the_datasets_assembly()
    {
        Assert.That(typeof(BuiltInDatasets).Assembly.GetName().Name, Is.EqualTo("TinyTensor.Datasets"));
        Assert.That(typeof(BuiltInDatasets).Assembly.GetManifestResourceNames(), Has.Length.EqualTo(3));
    }
}
