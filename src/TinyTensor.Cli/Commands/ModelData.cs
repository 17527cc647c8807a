using TinyTensor.Data;
using TinyTensor.Layers;
using TinyTensor.Serialization;

namespace TinyTensor.Cli.Commands;

/// <summary>Loading a model and the data it is applied to, checked against each other.</summary>
internal static class ModelData
{
    /// <summary>The model, and the data (or its validation part when <paramref name="validationSplit"/> &gt; 0).</summary>
    public static (Sequential Model, Dataset Data, string Part) Load(FileInfo modelFile, string data, double validationSplit, uint seed)
    {
        CommonOptions.CheckFraction(validationSplit, "--val-split");
        Sequential model = ModelFile.Load(modelFile.FullName);
        Dataset dataset = DataSource.Load(data);
        int inputs = model.Modules.OfType<Linear>().First().InputDims;
        if (inputs != dataset.FeatureCount)
        {
            throw new InvalidDataException(
                $"{modelFile.FullName} expects {inputs} features per sample, but {data} has {dataset.FeatureCount}.");
        }

        if (validationSplit > 0)
        {
            // The same split as 'train --val-split F --seed S': the split is the generator's first draw there too.
            return (model, dataset.Split(validationSplit, new RandomState(seed)).Validation, "validation");
        }

        return (model, dataset, "test");
    }
}
