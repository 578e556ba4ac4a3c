using System.Text.RegularExpressions;
using Integration.Inference.Engine;

namespace Integration.Inference.Datasets;

/// <summary>How the golden set is drawn, and how a training set is kept clear of it.</summary>
public static partial class GoldenSet
{
    /// <summary>Its share of each label of the shipped tickets.</summary>
    public const double Share = 0.2;

    /// <summary>Texts whose sets of words overlap this much (Jaccard) are the same ticket reworded: one may not train for the other's test.</summary>
    public const double NearDuplicate = 0.8;

    /// <summary>Texts whose sentence embeddings are this close (cosine) say the same thing in other words.</summary>
    public const double SameMeaning = 0.95;

    /// <summary>The same share of every label, chosen by a stable hash of each item's id: the same items on every machine and run.</summary>
    public static IReadOnlyList<DatasetItem> Draw(IReadOnlyList<DatasetItem> shipped) =>
        [.. shipped.GroupBy(i => i.Label).OrderBy(g => g.Key, StringComparer.Ordinal)
            .SelectMany(g => g.OrderBy(i => StableHash.Of(i.Id)).ThenBy(i => i.Id, StringComparer.Ordinal).Take((int)Math.Ceiling(g.Count() * Share)))
            .Select(i => i with { Source = DatasetNames.Golden })];

    /// <summary>
    /// The candidates that are neither a golden item (same normalized text) nor a near duplicate of one: by words (Jaccard)
    /// or, given sentence embeddings, by meaning (cosine).
    /// </summary>
    public static (IReadOnlyList<DatasetItem> Kept, Leakage Leakage) WithoutLeaks(IReadOnlyList<DatasetItem> candidates, IReadOnlyList<DatasetItem> golden,
        Func<IReadOnlyList<string>, float[][]>? embed = null)
    {
        var goldenTexts = golden.Select(g => Normalize(g.Text)).ToHashSet(StringComparer.Ordinal);
        var goldenWords = golden.Select(g => Words(g.Text)).ToList();
        // The shipped tickets' look-alikes are known already (ShippedData.GoldenLookAlikes): only other items are embedded.
        var goldenMeanings = embed?.Invoke([.. golden.Select(g => g.Text)]);
        var unknown = candidates.Select((c, i) => (c, i)).Where(x => x.c.Source != DatasetNames.Shipped).ToList();
        var embedded = embed?.Invoke([.. unknown.Select(x => x.c.Text)]);
        var meanings = new float[]?[candidates.Count];
        for (var k = 0; k < unknown.Count && embedded is not null; k++)
        {
            meanings[unknown[k].i] = embedded[k];
        }

        var kept = new List<DatasetItem>();
        int exact = 0, near = 0;
        for (var i = 0; i < candidates.Count; i++)
        {
            var item = candidates[i];
            if (goldenTexts.Contains(Normalize(item.Text)))
            {
                exact++;
            }
            else if ((Words(item.Text) is var words && goldenWords.Any(g => Jaccard(words, g) >= NearDuplicate)) ||
                     (meanings[i] is { } meaning && goldenMeanings!.Any(g => SentenceEmbedder.Cosine(meaning, g) >= SameMeaning)))
            {
                near++;
            }
            else
            {
                kept.Add(item);
            }
        }

        return (kept, new Leakage(exact, near));
    }

    /// <summary>The shipped items (not golden) that are a golden item's look-alike, by words or by meaning: left out of the shipped training set.</summary>
    public static IReadOnlyList<string> LookAlikes(IReadOnlyList<DatasetItem> shipped, IReadOnlyList<DatasetItem> golden, Func<IReadOnlyList<string>, float[][]> embed)
    {
        var goldenIds = golden.Select(g => g.Id).ToHashSet(StringComparer.Ordinal);
        var others = shipped.Where(s => !goldenIds.Contains(s.Id)).Select(s => s with { Source = DatasetNames.Feedback }).ToList();
        var (kept, _) = WithoutLeaks(others, golden, embed);
        var keptIds = kept.Select(k => k.Id).ToHashSet(StringComparer.Ordinal);
        return [.. others.Where(o => !keptIds.Contains(o.Id)).Select(o => o.Id).Order(StringComparer.Ordinal)];
    }

    public static string Normalize(string text) => string.Join(' ', Words(text).Order(StringComparer.Ordinal));

    private static HashSet<string> Words(string text) => [.. NotWord().Replace(text.ToLowerInvariant(), " ").Split(' ', StringSplitOptions.RemoveEmptyEntries)];

    private static double Jaccard(HashSet<string> a, HashSet<string> b) => a.Count + b.Count == 0 ? 1 : (double)a.Count(b.Contains) / (a.Count + b.Count - a.Count(b.Contains));

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotWord();
}
