using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Integration.Inference.Engine;

public sealed record LabeledText(string Text, string Label);

public sealed record Classification(string Label, float Confidence, IReadOnlyDictionary<string, float> Scores);

/// <summary>
/// A text classifier trained with ML.NET: word and character n-gram features, multiclass maximum entropy
/// (SDCA). Predictions use pooled prediction engines, since one engine is not thread safe.
/// </summary>
public sealed class TextClassifier
{
    private static readonly MLContext Ml = new(seed: 1);
    private readonly ITransformer _model;
    private readonly DataViewSchema _inputSchema;
    private readonly ObjectPool<PredictionEngine<Input, Output>> _engines;

    private TextClassifier(ITransformer model, DataViewSchema inputSchema)
    {
        _model = model;
        _inputSchema = inputSchema;
        _engines = new DefaultObjectPool<PredictionEngine<Input, Output>>(new EnginePolicy(model), Environment.ProcessorCount * 4);
        var probe = _engines.Get();
        VBuffer<ReadOnlyMemory<char>> names = default;
        probe.OutputSchema["Score"].GetSlotNames(ref names);
        Labels = names.DenseValues().Select(n => n.ToString()).ToArray();
        _engines.Return(probe);
    }

    public IReadOnlyList<string> Labels { get; }

    public static TextClassifier Train(IReadOnlyCollection<LabeledText> examples)
    {
        // A context of its own per training, with a fixed seed: the same examples always give the same model.
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(examples.Select(e => new Input { Text = e.Text, Label = e.Label }));
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.Text.FeaturizeText("Features", nameof(Input.Text)))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new()
            {
                NumberOfThreads = 1, // one thread: the same data gives the same model
                MaximumNumberOfIterations = 50,
            }));
        return new TextClassifier(pipeline.Fit(data), data.Schema);
    }

    public static TextClassifier Load(byte[] artifact)
    {
        using var stream = new MemoryStream(artifact);
        var model = Ml.Model.Load(stream, out var schema);
        return new TextClassifier(model, schema);
    }

    public byte[] Save()
    {
        using var stream = new MemoryStream();
        Ml.Model.Save(_model, _inputSchema, stream);
        return stream.ToArray();
    }

    public Classification Classify(string text)
    {
        var engine = _engines.Get();
        try
        {
            var scores = engine.Predict(new Input { Text = text, Label = "" }).Score;
            var best = 0;
            for (var i = 1; i < scores.Length; i++)
            {
                if (scores[i] > scores[best])
                {
                    best = i;
                }
            }

            var byLabel = new Dictionary<string, float>(Labels.Count);
            for (var i = 0; i < scores.Length; i++)
            {
                byLabel[Labels[i]] = scores[i];
            }

            return new Classification(Labels[best], scores[best], byLabel);
        }
        finally
        {
            _engines.Return(engine);
        }
    }

    private sealed class EnginePolicy(ITransformer model) : PooledObjectPolicy<PredictionEngine<Input, Output>>
    {
        public override PredictionEngine<Input, Output> Create() => Ml.Model.CreatePredictionEngine<Input, Output>(model);

        public override bool Return(PredictionEngine<Input, Output> engine) => true;
    }

    private sealed class Input
    {
        public string Text { get; set; } = "";

        public string Label { get; set; } = "";
    }

    private sealed class Output
    {
        public float[] Score { get; set; } = [];
    }
}
