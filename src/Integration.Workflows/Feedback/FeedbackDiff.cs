using System.Text.Json;
using System.Text.Json.Nodes;

namespace Integration.Workflows.Feedback;

/// <summary>What a reviewer changed in a proposal: characters of its free text, and the labels among its fields.</summary>
public static class FeedbackDiff
{
    // A string of more words than this, or on several lines, is prose a reviewer rewrites; a shorter one is a value (a
    // category, an order number, a name).
    private const int LabelWords = 3;

    // Edit distances are counted on at most this many characters of each side: enough for any reply, bounded in cost.
    private const int MaxCompared = 10_000;

    public static int EditDistance(JsonNode? before, JsonNode? after) => (before, after) switch
    {
        (JsonValue b, JsonValue a) when b.TryGetValue<string>(out var bs) && a.TryGetValue<string>(out var @as) => Levenshtein(bs, @as),
        (JsonObject b, JsonObject a) => b.Where(p => IsText(p.Value) || IsText(a[p.Key])).Sum(p => Levenshtein(Text(p.Value), Text(a[p.Key]))),
        _ => 0,
    };

    /// <summary>Each label field whose value changed, traced to the model step that answered exactly that value.</summary>
    public static IReadOnlyList<Correction> Corrections(JsonNode? before, JsonNode? after, IReadOnlyList<ModelStepRecord> models)
    {
        if (before is not JsonObject proposed || after is not JsonObject final)
        {
            return [];
        }

        return [.. proposed
            .Where(p => !IsText(p.Value) && !IsText(final[p.Key]) && final.ContainsKey(p.Key) && !JsonNode.DeepEquals(p.Value, final[p.Key]))
            .Select(p => new Correction(p.Key, p.Value?.DeepClone(), final[p.Key]?.DeepClone(), SourceOf(p.Value, models)))];
    }

    /// <summary>The model step one of whose answers is this value (a classifier's label, an extracted field).</summary>
    public static string? SourceOf(JsonNode? value, IReadOnlyList<ModelStepRecord> models) =>
        value is null ? null : models.LastOrDefault(m => Values(m.Output).Any(v => JsonNode.DeepEquals(v, value)))?.Step;

    private static IEnumerable<JsonNode?> Values(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => Values(p.Value).Prepend(p.Value)),
        _ => [],
    };

    private static bool IsText(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is var text &&
        (text.Contains('\n') || text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length > LabelWords);

    private static string Text(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : node?.ToJsonString() ?? "";

    /// <summary>Insertions, deletions and substitutions that turn one text into the other.</summary>
    public static int Levenshtein(string a, string b)
    {
        a = a.Length > MaxCompared ? a[..MaxCompared] : a;
        b = b.Length > MaxCompared ? b[..MaxCompared] : b;
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
