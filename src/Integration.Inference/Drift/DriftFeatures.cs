namespace Integration.Inference.Drift;

/// <summary>
/// What drift is measured on, summed over many inputs and never the inputs themselves: a count, histograms of length (in
/// words), confidence and label, and the sum of the sentence embeddings (whose mean is the centroid).
/// </summary>
public sealed class DriftFeatures
{
    /// <summary>Upper bounds (exclusive) of the word-count bins; the last bin takes the rest.</summary>
    public static readonly int[] LengthBounds = [10, 20, 40, 80];

    public const int ConfidenceBins = 10;

    public long Items { get; set; }

    public long[] Lengths { get; } = new long[LengthBounds.Length + 1];

    public long[] Confidences { get; } = new long[ConfidenceBins];

    public Dictionary<string, long> Labels { get; } = new(StringComparer.Ordinal);

    public double[] EmbeddingSum { get; } = new double[Engine.SentenceEmbedder.Dimensions];

    public double ConfidenceSum { get; set; }

    public long WordSum { get; set; }

    public void Add(string text, string label, double confidence, float[] embedding)
    {
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        Items++;
        WordSum += words;
        ConfidenceSum += confidence;
        Lengths[LengthBin(words)]++;
        Confidences[ConfidenceBin(confidence)]++;
        Labels[label] = Labels.GetValueOrDefault(label) + 1;
        for (var i = 0; i < embedding.Length; i++)
        {
            EmbeddingSum[i] += embedding[i];
        }
    }

    public void Merge(DriftFeatures other)
    {
        Items += other.Items;
        WordSum += other.WordSum;
        ConfidenceSum += other.ConfidenceSum;
        for (var i = 0; i < Lengths.Length; i++)
        {
            Lengths[i] += other.Lengths[i];
        }

        for (var i = 0; i < Confidences.Length; i++)
        {
            Confidences[i] += other.Confidences[i];
        }

        foreach (var (label, count) in other.Labels)
        {
            Labels[label] = Labels.GetValueOrDefault(label) + count;
        }

        for (var i = 0; i < EmbeddingSum.Length; i++)
        {
            EmbeddingSum[i] += other.EmbeddingSum[i];
        }
    }

    public static int LengthBin(int words) => LengthBounds.TakeWhile(bound => words >= bound).Count();

    public static int ConfidenceBin(double confidence) => Math.Clamp((int)(confidence * ConfidenceBins), 0, ConfidenceBins - 1);

    /// <summary>
    /// The population stability index of two histograms: Σ (p − q)·ln(p / q) over the bins, each share floored at a small
    /// value so that an empty bin counts as rare, not impossible. Under 0.1 is stable; over 0.25 a significant shift.
    /// </summary>
    public static double Psi(IReadOnlyList<long> current, IReadOnlyList<long> reference)
    {
        const double floor = 1e-4;
        double currentTotal = current.Sum(), referenceTotal = reference.Sum();
        if (currentTotal == 0 || referenceTotal == 0)
        {
            return 0;
        }

        return current.Zip(reference).Sum(pair =>
        {
            var p = Math.Max(pair.First / currentTotal, floor);
            var q = Math.Max(pair.Second / referenceTotal, floor);
            return (p - q) * Math.Log(p / q);
        });
    }

    /// <summary>The cosine distance (1 − cosine similarity) of two embedding sums, which is that of their means.</summary>
    public static double CentroidDistance(double[] a, double[] b)
    {
        double dot = 0, normA = 0, normB = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }

        return normA == 0 || normB == 0 ? 0 : 1 - dot / Math.Sqrt(normA * normB);
    }
}
