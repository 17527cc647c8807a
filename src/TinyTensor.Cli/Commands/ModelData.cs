using System.Globalization;
using TinyTensor.Data;
using TinyTensor.IO;
using TinyTensor.Layers;
using TinyTensor.Serialization;

namespace TinyTensor.Cli.Commands;

/// <summary>Loading a model and the data it is applied to, checked against each other.</summary>
internal static class ModelData
{
    /// <summary>A saved model with the feature and class counts its first and last Linear layers imply (in forward
    /// order, inside nested chains too: the library saves those, and single layers).</summary>
    /// <param name="modelFile">The model file.</param>
    /// <param name="architecture"><c>--arch</c>: for a file without TinyTensor metadata (a PyTorch state_dict), the
    /// architecture JSON, inline or as a file path; null to read the architecture from the file.</param>
    public static (Sequential Model, int Inputs, int Classes) LoadModel(FileInfo modelFile, string? architecture = null)
    {
        FileKind kind = PathKind.Of(modelFile.FullName);
        if (kind is not (FileKind.RegularFile or FileKind.Missing))
        {
            throw new CliUsageException($"--model: {modelFile.FullName} is {PathKind.Describe(kind)}, not a model file.");
        }

        // A file whose root is a single layer (ModelFile.Save(new Linear(…))) is that layer as a one-module network.
        Layer root = architecture is null ? LoadWithMetadata(modelFile) : LoadStateDict(modelFile, architecture);
        Sequential model = root as Sequential ?? new Sequential(root);
        Linear[] linears = LinearsInOrder(model).ToArray();
        if (linears.Length == 0)
        {
            throw new InvalidDataException(
                $"{modelFile.FullName}: the model ({model}) has no Linear layer, so the number of features and classes it expects is unknown.");
        }

        return (model, linears[0].InputDims, linears[^1].OutputDims);
    }

    private static Layer LoadWithMetadata(FileInfo modelFile)
    {
        try
        {
            return ModelFile.LoadLayer(modelFile.FullName);
        }
        catch (InvalidDataException ex) when (ex.Message.Contains("ModelFile.LoadStateDict", StringComparison.Ordinal))
        {
            // The library's advice is for code; a command-line user gives the architecture with --arch.
            throw new InvalidDataException(
                $"{modelFile.FullName} records no TinyTensor architecture (a state_dict saved by PyTorch has none): give its network with --arch.", ex);
        }
    }

    /// <summary>Builds the network <c>--arch</c> describes and loads the file's tensors into it, as PyTorch's
    /// <c>load_state_dict</c> does (names and shapes must match exactly; every mismatch is named).</summary>
    private static Layer LoadStateDict(FileInfo modelFile, string architecture)
    {
        string json = architecture.TrimStart().StartsWith('[') || architecture.TrimStart().StartsWith('{')
            ? architecture
            : ReadArchitectureFile(architecture);
        Layer network;
        try
        {
            network = ModelFile.CreateArchitecture(json);
        }
        catch (ArgumentException ex)
        {
            throw new CliUsageException($"--arch: {(ex.InnerException ?? ex).Message}");
        }

        ModelFile.LoadStateDict(network, modelFile.FullName);
        return network;
    }

    private static string ReadArchitectureFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliUsageException($"--arch: '{OptionValues.Shown(path)}' is neither a JSON architecture (starting with '[' or '{{') nor an existing file.");
        }

        var info = new FileInfo(path);
        if (info.Length > ModelFileLimits.Default.MaxMetadataBytes)
        {
            throw new CliUsageException($"--arch: {info.FullName} holds {info.Length} bytes, more than an architecture may ({ModelFileLimits.Default.MaxMetadataBytes}).");
        }

        return File.ReadAllText(path);
    }

    /// <summary>The Linear layers of <paramref name="layer"/> in the order a forward pass meets them.</summary>
    private static IEnumerable<Linear> LinearsInOrder(Layer layer) =>
        layer is Linear linear ? [linear] : layer.NamedChildren().SelectMany(child => LinearsInOrder(child.Module));

    /// <summary>The model, and the labelled data (or its validation part when <paramref name="validationSplit"/> &gt; 0)
    /// with the model's class count (a test set may hold only some of the classes).</summary>
    public static (Sequential Model, Dataset Data, bool Validation) Load(FileInfo modelFile, string data, double validationSplit, uint seed, DataFileOptions options, string? architecture = null)
    {
        CommonOptions.CheckFraction(validationSplit, "--val-split");
        (Sequential model, int inputs, int classes) = LoadModel(modelFile, architecture);
        Dataset dataset = DataSource.Load(data, options);
        if (model.Modules[0] is Conv2d conv)
        {
            CheckImages(modelFile, conv, data, dataset.SampleShape);
        }
        else
        {
            CheckFeatures(modelFile, inputs, data, dataset.FeatureCount);
        }

        if (dataset.ClassCount > classes)
        {
            int largest = dataset.Labels.ToArray().Max();
            throw new InvalidDataException(
                $"{data} has label {largest}, but {modelFile.FullName} predicts {classes} classes (labels 0 … {classes - 1}).");
        }

        if (dataset.ClassCount < classes)
        {
            dataset = new Dataset(dataset.Features, dataset.Labels, classes).WithSampleShape(dataset.SampleShape);
        }

        if (validationSplit > 0)
        {
            CheckSplit(validationSplit, dataset.Count);

            // The same split as 'train --val-split F --seed S': the split is the generator's first draw there too.
            return (model, dataset.Split(validationSplit, new RandomState(seed)).Validation, true);
        }

        return (model, dataset, false);
    }

    /// <summary>Fails unless the features per sample match the model's inputs.</summary>
    public static void CheckFeatures(FileInfo modelFile, int inputs, string data, int features)
    {
        if (inputs != features)
        {
            throw new InvalidDataException($"{modelFile.FullName} expects {inputs} features per sample, but {data} has {features}.");
        }
    }

    /// <summary>Fails unless ⌈fraction · N⌉ leaves at least one sample on each side.</summary>
    /// <summary>A convolutional model (its first layer a Conv2d) takes (C, H, W) images with its channel count.</summary>
    public static void CheckImages(FileInfo modelFile, Conv2d conv, string data, int[] sampleShape)
    {
        if (sampleShape.Length != 3 || sampleShape[0] != conv.InChannels)
        {
            throw new InvalidDataException(
                $"{modelFile.FullName} is a CNN that expects images of shape ({conv.InChannels}, H, W), but {data} has samples of shape ({string.Join(", ", sampleShape)}{(sampleShape.Length == 1 ? "," : "")}).");
        }
    }

    /// <summary>Flat (N, D) features of square images seen as (N, C, s, s) for a CNN, D = C·s² (prediction reads no
    /// image header, so the side is inferred; MNIST and CIFAR-10 images are square).</summary>
    public static Tensor AsImages(FileInfo modelFile, Conv2d conv, string data, Tensor features)
    {
        int n = features.Dim(0), d = features.Dim(1), side = (int)Math.Round(Math.Sqrt(d / (double)conv.InChannels));
        if (conv.InChannels * side * side != d)
        {
            throw new InvalidDataException(
                $"{modelFile.FullName} is a CNN that expects square images with {conv.InChannels} channels, but the {d} features per sample of {data} are not {conv.InChannels}·s² for any s.");
        }

        Tensor images = features.Reshape(n, conv.InChannels, side, side);
        return images;
    }

    public static void CheckSplit(double validationSplit, int count)
    {
        double held = Math.Ceiling(validationSplit * count);
        if (held < 1 || held > count - 1)
        {
            throw new CliUsageException(string.Create(CultureInfo.InvariantCulture,
                $"--val-split: {validationSplit:R} of {count} samples holds out {held}, which leaves {(held < 1 ? "no validation" : "no training")} sample; it must hold out 1 … {count - 1}."));
        }
    }
}
