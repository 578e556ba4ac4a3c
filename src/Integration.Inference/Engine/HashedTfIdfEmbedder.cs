namespace Integration.Inference.Engine;

/// <summary>
/// Lexical embeddings: each term is hashed into one of <see cref="Dimensions"/> buckets with a hashed sign,
/// weighted by sublinear term frequency times inverse document frequency, and the vector is L2-normalised.
/// Cosine similarity of two vectors then approximates TF-IDF similarity of the texts. Not a semantic model.
/// </summary>
public sealed class HashedTfIdfEmbedder(DocumentFrequencies frequencies, int dimensions = 512)
{
    public int Dimensions { get; } = dimensions;

    public float[] Embed(string text)
    {
        var vector = new float[Dimensions];
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var term in TextTerms.Of(text))
        {
            counts[term] = counts.GetValueOrDefault(term) + 1;
        }

        foreach (var (term, count) in counts)
        {
            var hash = StableHash.Of(term);
            var sign = (hash & 0x80000000u) == 0 ? 1f : -1f;
            var weight = (1f + MathF.Log(count)) * frequencies.Idf(term);
            vector[(int)(hash % (uint)Dimensions)] += sign * weight;
        }

        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        if (norm > 0)
        {
            for (var i = 0; i < vector.Length; i++)
            {
                vector[i] /= norm;
            }
        }

        return vector;
    }
}

/// <summary>Document frequencies of terms over a reference corpus (the shipped tickets and articles).</summary>
public sealed class DocumentFrequencies
{
    private readonly Dictionary<string, int> _documentsWith = new(StringComparer.Ordinal);
    private int _documents;

    public static DocumentFrequencies From(IEnumerable<string> documents)
    {
        var frequencies = new DocumentFrequencies();
        foreach (var document in documents)
        {
            frequencies._documents++;
            foreach (var term in TextTerms.Of(document).Distinct())
            {
                frequencies._documentsWith[term] = frequencies._documentsWith.GetValueOrDefault(term) + 1;
            }
        }

        return frequencies;
    }

    /// <summary>Smoothed IDF; a term never seen counts as rare, since rare words carry the meaning.</summary>
    public float Idf(string term) => MathF.Log((_documents + 1f) / (_documentsWith.GetValueOrDefault(term) + 1f)) + 1f;
}
