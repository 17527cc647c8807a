using System.Diagnostics;
using TinyTensor;
using TinyTensor.Data;
using TinyTensor.Init;
using TinyTensor.Layers;
using TinyTensor.Optim;
using TinyTensor.Serialization;
using TinyTensor.Training;

foreach (var (name, hidden, epochs, opt) in new[] { ("digits", 128, 30, "adam"), ("digits", 128, 30, "nesterov"), ("mnist", 256, 10, "adam"), ("mnist", 256, 10, "adamw") })
{
    var sw = Stopwatch.StartNew();
    Dataset data = BuiltInDatasets.Load(name);
    var rng = new RandomState(0);
    var model = new Sequential(new Linear(data.FeatureCount, hidden, rng, Initializer.KaimingUniform()), new ReLU(),
        new Linear(hidden, data.ClassCount, rng, Initializer.XavierUniform()));
    var loader = DataLoader.WithValidationSplit(data, name == "mnist" ? 2000 : (int)(data.Count * 0.2), 64, 0);
    Optimizer optimizer = opt switch
    {
        "adam" => new Adam(model, 1e-3),
        "adamw" => new AdamW(model, 1e-3),
        _ => new SGD(model, 0.05, 1e-4, 0.9, nesterov: true),
    };
    var trainer = new Trainer(model, new SoftmaxCrossEntropyLoss(), optimizer, loader);
    var history = trainer.Fit(epochs);
    double acc = trainer.Evaluate(loader.Validation!);
    string path = $"/tmp/tt-e2e/{name}.safetensors";
    ModelFile.Save(model, path);
    var loaded = ModelFile.Load(path);
    bool same = loaded.Predict(loader.Validation!.Features).SequenceEqual(model.Predict(loader.Validation!.Features));
    Console.WriteLine($"{name} {data.FeatureCount}-{hidden}-{data.ClassCount} {opt}: validation accuracy {acc:P2}, {sw.Elapsed.TotalSeconds:F1} s, reload identical predictions: {same}, file {new FileInfo(path).Length} bytes");
}
