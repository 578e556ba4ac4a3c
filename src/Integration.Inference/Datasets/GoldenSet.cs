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

    /// <summary>The same share of every label, chosen by a stable hash of each item's id: the same items on every machine and run.</summary>
    public static IReadOnlyList<DatasetItem> Draw(IReadOnlyList<DatasetItem> shipped) =>
        [.. shipped.GroupBy(i => i.Label).OrderBy(g => g.Key, StringComparer.Ordinal)
            .SelectMany(g => g.OrderBy(i => StableHash.Of(i.Id)).ThenBy(i => i.Id, StringComparer.Ordinal).Take((int)Math.Ceiling(g.Count() * Share)))
            .Select(i => i with { Source = DatasetNames.Golden })];

    /// <summary>The candidates that are neither a golden item (same normalized text) nor a near duplicate of one.</summary>
    public static (IReadOnlyList<DatasetItem> Kept, Leakage Leakage) WithoutLeaks(IReadOnlyList<DatasetItem> candidates, IReadOnlyList<DatasetItem> golden)
    {
        var goldenTexts = golden.Select(g => Normalize(g.Text)).ToHashSet(StringComparer.Ordinal);
        var goldenWords = golden.Select(g => Words(g.Text)).ToList();
        var kept = new List<DatasetItem>();
        int exact = 0, near = 0;
        foreach (var item in candidates)
        {
            if (goldenTexts.Contains(Normalize(item.Text)))
            {
                exact++;
            }
            else if (Words(item.Text) is var words && goldenWords.Any(g => Jaccard(words, g) >= NearDuplicate))
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

    public static string Normalize(string text) => string.Join(' ', Words(text).Order(StringComparer.Ordinal));

    private static HashSet<string> Words(string text) => [.. NotWord().Replace(text.ToLowerInvariant(), " ").Split(' ', StringSplitOptions.RemoveEmptyEntries)];

    private static double Jaccard(HashSet<string> a, HashSet<string> b) => a.Count + b.Count == 0 ? 1 : (double)a.Count(b.Contains) / (a.Count + b.Count - a.Count(b.Contains));

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotWord();
}
