using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Integration.Inference.Engine;

public sealed record LabeledText(string Text, string Label);

public sealed record Classification(string Label, float Confidence, IReadOnlyDictionary<string, float> Scores);

/// <summary>What a classifier reads of a text (by name in JSON, wherever it is written: the API, the versions kept in Redis).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<ClassifierFeatures>))]
public enum ClassifierFeatures
{
    /// <summary>Word and character n-grams: the words as written.</summary>
    Words,

    /// <summary>The n-grams and the text's sentence embedding (all-MiniLM-L6-v2): also what it means, in other words.</summary>
    WordsAndMeaning,
}

/// <summary>
/// A text classifier trained with ML.NET: word and character n-gram features, with the sentence embedding beside them
/// when asked (<see cref="ClassifierFeatures"/>), multiclass maximum entropy (SDCA). Predictions use pooled prediction
/// engines, since one engine is not thread safe.
/// </summary>
public sealed class TextClassifier
{
    private static readonly MLContext Ml = new(seed: 1);
    private static readonly float[] NoMeaning = new float[SentenceEmbedder.Dimensions];
    private readonly ITransformer _model;
    private readonly DataViewSchema _inputSchema;
    private readonly ObjectPool<PredictionEngine<Input, Output>> _engines;
    private readonly SentenceEmbedder? _sentences;

    private TextClassifier(ITransformer model, DataViewSchema inputSchema, ClassifierFeatures features, SentenceEmbedder? sentences)
    {
        _model = model;
        _inputSchema = inputSchema;
        Features = features;
        _sentences = features == ClassifierFeatures.WordsAndMeaning
            ? sentences ?? throw new ArgumentNullException(nameof(sentences), "A classifier that reads meaning needs the sentence embedder.")
            : null;
        _engines = new DefaultObjectPool<PredictionEngine<Input, Output>>(new EnginePolicy(model), Environment.ProcessorCount * 4);
        var probe = _engines.Get();
        VBuffer<ReadOnlyMemory<char>> names = default;
        probe.OutputSchema["Score"].GetSlotNames(ref names);
        Labels = names.DenseValues().Select(n => n.ToString()).ToArray();
        _engines.Return(probe);
    }

    public IReadOnlyList<string> Labels { get; }

    public ClassifierFeatures Features { get; }

    public static TextClassifier Train(IReadOnlyCollection<LabeledText> examples, ClassifierFeatures features = ClassifierFeatures.Words,
        SentenceEmbedder? sentences = null)
    {
        // A context of its own per training, with a fixed seed: the same examples always give the same model.
        var ml = new MLContext(seed: 1);
        var meanings = features == ClassifierFeatures.WordsAndMeaning
            ? (sentences ?? throw new ArgumentNullException(nameof(sentences))).EmbedRemembered([.. examples.Select(e => e.Text)])
            : null;
        var data = ml.Data.LoadFromEnumerable(examples.Select((e, i) => new Input { Text = e.Text, Label = e.Label, Meaning = meanings?[i] ?? NoMeaning }));
        var label = ml.Transforms.Conversion.MapValueToKey("Label");
        IEstimator<ITransformer> pipeline = features == ClassifierFeatures.WordsAndMeaning
            ? label.Append(ml.Transforms.Text.FeaturizeText("Words", nameof(Input.Text))).Append(ml.Transforms.Concatenate("Features", "Words", nameof(Input.Meaning)))
            : (IEstimator<ITransformer>)label.Append(ml.Transforms.Text.FeaturizeText("Features", nameof(Input.Text)));
        var model = pipeline.Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new()
        {
            NumberOfThreads = 1, // one thread: the same data gives the same model
            MaximumNumberOfIterations = 50,
        })).Fit(data);
        return new TextClassifier(model, data.Schema, features, sentences);
    }

    /// <summary>A stored classifier; <paramref name="features"/> as it was trained with (kept with its version).</summary>
    public static TextClassifier Load(byte[] artifact, ClassifierFeatures features = ClassifierFeatures.Words, SentenceEmbedder? sentences = null)
    {
        using var stream = new MemoryStream(artifact);
        var model = Ml.Model.Load(stream, out var schema);
        return new TextClassifier(model, schema, features, sentences);
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
            var scores = engine.Predict(new Input { Text = text, Label = "", Meaning = _sentences?.EmbedRemembered(text) ?? NoMeaning }).Score;
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

        [VectorType(SentenceEmbedder.Dimensions)]
        public float[] Meaning { get; set; } = NoMeaning;
    }

    private sealed class Output
    {
        public float[] Score { get; set; } = [];
    }
}
