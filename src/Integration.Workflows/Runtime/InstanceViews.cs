using System.Text.Json;
using System.Text.Json.Nodes;

namespace Integration.Workflows.Runtime;

/// <summary>
/// What the instance API shows: the instance with every value the governance service redacted put back as its
/// placeholder (in the journal, the event, variables and step outputs), and without the placeholder map itself.
/// The stored instance keeps the real values, which it needs to send replies toward the SaaS.
/// </summary>
public static class InstanceViews
{
    public static string Masked(InstanceState state)
    {
        var view = JsonSerializer.SerializeToNode(state, JsonSerializerOptions.Web)!.AsObject();
        view.Remove("placeholders");
        // Longest values first, so that a value containing another is replaced whole.
        var secrets = state.Placeholders.Where(p => p.Value.Length > 0).OrderByDescending(p => p.Value.Length).ToList();
        return (secrets.Count == 0 ? view : Mask(view, secrets))!.ToJsonString(JsonSerializerOptions.Web);
    }

    private static JsonNode? Mask(JsonNode? node, List<KeyValuePair<string, string>> secrets) => node switch
    {
        null => null,
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, Mask(p.Value, secrets)))),
        JsonArray array => new JsonArray(array.Select(item => Mask(item, secrets)).ToArray()),
        JsonValue value when value.TryGetValue<string>(out var text) => JsonValue.Create(secrets.Aggregate(text, (masked, secret) => masked.Replace(secret.Value, secret.Key, StringComparison.Ordinal))),
        _ => node.DeepClone(),
    };
}
