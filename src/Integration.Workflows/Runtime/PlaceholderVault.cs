using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Integration.Workflows.Runtime;

/// <summary>
/// Keeps one meaning per placeholder across an instance. The governance service numbers placeholders per call, so
/// <c>&lt;PERSON_1&gt;</c> of one step may be someone else than in another: a newcomer that clashes is renamed (or mapped
/// to the placeholder already standing for the same value) before its text goes to a model.
/// </summary>
public static partial class PlaceholderVault
{
    public static string Merge(Dictionary<string, string> vault, string redactedText, IReadOnlyDictionary<string, string> placeholders)
    {
        var renames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (placeholder, value) in placeholders)
        {
            if (vault.TryGetValue(placeholder, out var known) && known == value)
            {
                continue;
            }

            var existing = vault.FirstOrDefault(p => p.Value == value).Key;
            if (existing is not null)
            {
                renames[placeholder] = existing;
                continue;
            }

            if (!vault.ContainsKey(placeholder))
            {
                vault[placeholder] = value;
                continue;
            }

            var stem = placeholder[1..placeholder.LastIndexOf('_')];
            var fresh = Enumerable.Range(1, int.MaxValue).Select(n => $"<{stem}_{n}>").First(p => !vault.ContainsKey(p) && !placeholders.ContainsKey(p));
            vault[fresh] = value;
            renames[placeholder] = fresh;
        }

        return renames.Count == 0 ? redactedText : Token().Replace(redactedText, m => renames.GetValueOrDefault(m.Value) ?? m.Value);
    }

    /// <summary>Puts the real values back into every string of a value bound for a SaaS.</summary>
    public static JsonNode? Restore(JsonNode? node, IReadOnlyDictionary<string, string> vault) => node switch
    {
        null => null,
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, Restore(p.Value, vault)))),
        JsonArray array => new JsonArray(array.Select(item => Restore(item, vault)).ToArray()),
        JsonValue value when value.TryGetValue<string>(out var text) => JsonValue.Create(Token().Replace(text, m => vault.GetValueOrDefault(m.Value) ?? m.Value)),
        _ => node.DeepClone(),
    };

    [GeneratedRegex(@"<[A-Z_]+_\d+>", RegexOptions.CultureInvariant)]
    private static partial Regex Token();
}
