using System.Globalization;
using System.Text.RegularExpressions;
using TinyTensor.Cli.Commands;
using TinyTensor.Init;
using TinyTensor.Layers;

namespace TinyTensor.Cli.Training;

/// <summary>
/// <c>train --arch</c>: a compact, comma-separated layer list, e.g.
/// <c>conv32k3p1,relu,maxpool2,conv64k3p1,relu,maxpool2,flatten,linear128,relu,dropout0.25,linear</c>, built into a
/// network for samples of a given shape, checking every layer's input shape on the way.
/// </summary>
/// <remarks>
/// Tokens (case-insensitive): <c>conv&lt;out&gt;k&lt;k&gt;[s&lt;stride&gt;][p&lt;padding&gt;]</c> (Conv2d),
/// <c>maxpool&lt;k&gt;[s&lt;stride&gt;]</c>, <c>avgpool&lt;k&gt;[s&lt;stride&gt;]</c>, <c>bn</c> (BatchNorm2d on images,
/// BatchNorm1d on features), <c>flatten</c>, <c>linear&lt;n&gt;</c> (Kaiming-uniform), <c>linear</c> (the class count;
/// Xavier-uniform, as the MLP's output layer), <c>dropout&lt;p&gt;</c>, <c>relu</c>, <c>tanh</c>, <c>sigmoid</c>,
/// <c>leakyrelu</c>. The network must end with one output per class. Every error names the token and its 1-based
/// position.
/// </remarks>
internal static partial class ArchitectureParser
{
    /// <summary>The network of <c>--model cnn</c>: two 3×3 convolutions (16 and 32 filters, each followed by ReLU and a
    /// 2×2 max pool), then a hidden layer of 128 and the output layer; for 28×28 images, 0.2 M parameters.</summary>
    public const string DefaultCnn = "conv16k3p1,relu,maxpool2,conv32k3p1,relu,maxpool2,flatten,linear128,relu,linear";

    private const string Grammar =
        "conv<out>k<k>[s<stride>][p<padding>], maxpool<k>[s<stride>], avgpool<k>[s<stride>], bn, flatten, linear<n>, linear, dropout<p>, relu, tanh, sigmoid, leakyrelu";

    /// <summary>The names <c>--model</c> takes.</summary>
    public static readonly string[] Models = ["mlp", "cnn"];

    /// <summary>The layer list of <c>--arch</c> / <c>--model</c>, or null for the MLP of --hidden and --activation.</summary>
    /// <exception cref="CliUsageException">Unknown model name, or --standardize with a layer list.</exception>
    public static string? Choose(string model, string? architecture, bool standardize)
    {
        if (!Models.Contains(model))
        {
            throw new CliUsageException($"--model: unknown model '{OptionValues.Shown(model)}'; use one of {string.Join(", ", Models)} (or --arch).");
        }

        string? chosen = architecture ?? (model == "cnn" ? DefaultCnn : null);
        if (chosen is not null && standardize)
        {
            throw new CliUsageException("--standardize: only the MLP (--hidden) can be standardised; a network given by --model cnn or --arch cannot.");
        }

        return chosen;
    }

    /// <summary>Builds the network for samples of <paramref name="sampleShape"/> ((C, H, W) images or (D) features).</summary>
    /// <exception cref="CliUsageException">A token does not parse, or a layer does not fit the shape it receives.</exception>
    public static Sequential Parse(string architecture, int[] sampleShape, int classes, RandomState rng)
    {
        string[] tokens = architecture.Split(',', StringSplitOptions.TrimEntries);
        var modules = new List<Layer>();
        int[] shape = sampleShape;
        for (int i = 0; i < tokens.Length; i++)
        {
            string token = tokens[i].ToLowerInvariant();
            string where = $"--arch: token '{OptionValues.Shown(tokens[i])}' at position {i + 1}";
            (Layer layer, shape) = Build(token, shape, classes, rng, where);
            modules.Add(layer);
        }

        if (shape.Length != 1 || shape[0] != classes)
        {
            throw new CliUsageException(
                $"--arch: the network ends with outputs of shape {Text(shape)}, but the data has {classes} classes; end with 'flatten' (for images) and 'linear'.");
        }

        return new Sequential([.. modules]);
    }

    private static (Layer Layer, int[] Shape) Build(string token, int[] shape, int classes, RandomState rng, string where)
    {
        if (token.Length == 0)
        {
            throw new CliUsageException($"{where} is empty; separate layers with single commas.");
        }

        if (ConvToken().Match(token) is { Success: true } conv)
        {
            int[] image = RequireImage(shape, where);
            int outChannels = Number(conv, 1, where), k = Number(conv, 2, where);
            int stride = conv.Groups[3].Success ? Number(conv, 3, where) : 1, padding = conv.Groups[4].Success ? Number(conv, 4, where, minimum: 0) : 0;
            return (new Conv2d(image[0], outChannels, k, rng, stride, padding), [outChannels, Out(image[1], k, stride, padding, where), Out(image[2], k, stride, padding, where)]);
        }

        if (PoolToken().Match(token) is { Success: true } pool)
        {
            int[] image = RequireImage(shape, where);
            int k = Number(pool, 2, where), stride = pool.Groups[3].Success ? Number(pool, 3, where) : k;
            Layer layer = pool.Groups[1].Value == "max" ? new MaxPool2d(k, stride) : new AvgPool2d(k, stride);
            return (layer, [image[0], Out(image[1], k, stride, 0, where), Out(image[2], k, stride, 0, where)]);
        }

        if (LinearToken().Match(token) is { Success: true } linear)
        {
            if (shape.Length != 1)
            {
                throw new CliUsageException($"{where} needs flat features but receives {Text(shape)}; put 'flatten' before it.");
            }

            bool output = !linear.Groups[1].Success;
            int width = output ? classes : Number(linear, 1, where);
            Initializer init = output ? Initializer.XavierUniform() : Initializer.KaimingUniform();
            return (new Linear(shape[0], width, rng, init), [width]);
        }

        if (DropoutToken().Match(token) is { Success: true } dropout)
        {
            if (!double.TryParse(dropout.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double p) || !(p >= 0 && p < 1))
            {
                throw new CliUsageException($"{where}: the drop probability must be a number in [0, 1), e.g. dropout0.25.");
            }

            return (new Dropout(p, rng), shape);
        }

        return token switch
        {
            "relu" => (new ReLU(), shape),
            "tanh" => (new Tanh(), shape),
            "sigmoid" => (new Sigmoid(), shape),
            "leakyrelu" => (new LeakyReLU(), shape),
            "flatten" => (new Flatten(), [shape.Aggregate(1, (a, b) => a * b)]),
            "bn" => (shape.Length == 3 ? new BatchNorm2d(shape[0]) : new BatchNorm1d(shape[0]), shape),
            _ => throw new CliUsageException($"{where} is not a layer; the layers are {Grammar}."),
        };
    }

    private static int[] RequireImage(int[] shape, string where) => shape.Length == 3
        ? shape
        : throw new CliUsageException($"{where} needs (C, H, W) images but receives {Text(shape)} (flat features: an MLP's data, or after 'flatten').");

    private static int Out(int size, int k, int stride, int padding, string where)
    {
        if (size + (2 * padding) < k)
        {
            throw new CliUsageException($"{where}: the {k}×{k} window does not fit an input of side {size}{(padding > 0 ? $" + 2·{padding} padding" : "")}.");
        }

        return ((size + (2 * padding) - k) / stride) + 1;
    }

    private static int Number(Match match, int group, string where, int minimum = 1)
    {
        if (!int.TryParse(match.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < minimum || value > 1 << 16)
        {
            throw new CliUsageException($"{where}: '{match.Groups[group].Value}' must be an integer in [{minimum}, 65536].");
        }

        return value;
    }

    private static string Text(int[] shape) => "(" + string.Join(", ", shape) + (shape.Length == 1 ? ",)" : ")");

    [GeneratedRegex(@"^conv(\d+)k(\d+)(?:s(\d+))?(?:p(\d+))?$")]
    private static partial Regex ConvToken();

    [GeneratedRegex(@"^(max|avg)pool(\d+)(?:s(\d+))?$")]
    private static partial Regex PoolToken();

    [GeneratedRegex(@"^linear(\d+)?$")]
    private static partial Regex LinearToken();

    [GeneratedRegex(@"^dropout([0-9.]+)$")]
    private static partial Regex DropoutToken();
}
