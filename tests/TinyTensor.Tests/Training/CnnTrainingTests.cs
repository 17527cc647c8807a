using TinyTensor.Data;
using TinyTensor.Layers;
using TinyTensor.Optim;
using TinyTensor.Training;

namespace TinyTensor.Tests.Training;

/// <summary>A CNN trains through the usual Trainer and Predictor on image data: a generated CIFAR-10 binary batch whose
/// class decides which colour channel is bright, read by CifarReader as (N, 3, 32, 32) samples.</summary>
[TestFixture]
public sealed class CnnTrainingTests
{
    [Test]
    public void ACnn_LearnsAGeneratedCifarBatch_ThroughTrainerAndPredictor()
    {
        string folder = Path.Combine(Path.GetTempPath(), "tinytensor-cnn-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string path = Path.Combine(folder, "data_batch_1.bin");
            File.WriteAllBytes(path, ColourBatch(240, new RandomState(3)));
            Dataset data = CifarReader.Read(path);
            var rng = new RandomState(4);
            var model = new Sequential(
                new Conv2d(3, 4, 3, rng, stride: 2, padding: 1), new BatchNorm2d(4), new ReLU(), new MaxPool2d(4),
                new Flatten(), new Dropout(0.1, new RandomState(5)), new Linear(64, 10, rng, TinyTensor.Init.Initializer.KaimingUniform()));
            DataLoader loader = DataLoader.WithValidationSplit(data, 40, 20, seed: 6);
            var trainer = new Trainer(model, new SoftmaxCrossEntropyLoss(), new Adam(model, 0.01), loader);

            trainer.Fit(8);

            Assert.That(trainer.History.LastValidationAccuracy, Is.GreaterThan(0.9));
            int[] predicted = new Predictor(model).Predict(loader.Validation!.Samples);
            Assert.That(predicted.Zip(loader.Validation.Labels.ToArray()).Count(p => p.First == p.Second), Is.GreaterThan(36));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>CIFAR-10 records: label in {0, 1, 2}; noise in every channel, the label's channel brighter.</summary>
    private static byte[] ColourBatch(int count, RandomState rng)
    {
        var bytes = new byte[count * 3073];
        for (int r = 0; r < count; r++)
        {
            int label = r % 3;
            bytes[r * 3073] = (byte)label;
            for (int j = 0; j < 3072; j++)
            {
                int noise = (int)(rng.RandomSample() * 128);
                bytes[(r * 3073) + 1 + j] = (byte)(j / 1024 == label ? noise + 100 : noise);
            }
        }

        return bytes;
    }
}
