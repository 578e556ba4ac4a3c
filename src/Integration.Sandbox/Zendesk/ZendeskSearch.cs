using System.Text.Json.Nodes;

namespace Integration.Sandbox.Zendesk;

/// <summary>
/// The part of Zendesk's search syntax the stand-in understands: <c>type:ticket</c>, <c>status:</c>,
/// <c>priority:</c>, <c>tags:</c>/<c>tag:</c>, <c>requester_id:</c>, <c>external_id:</c>, and free words matched
/// against subject and description. Every term must match.
/// </summary>
public static class ZendeskSearch
{
    public static Func<JsonObject, bool> Parse(string query)
    {
        var tests = new List<Func<JsonObject, bool>>();
        foreach (var term in query.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = term.IndexOf(':');
            if (colon <= 0)
            {
                var word = term.Trim('"');
                tests.Add(t => Contains(t["subject"], word) || Contains(t["description"], word));
                continue;
            }

            var (field, value) = (term[..colon].ToLowerInvariant(), term[(colon + 1)..].Trim('"'));
            tests.Add(field switch
            {
                "type" => _ => value == "ticket",
                "status" or "priority" or "external_id" or "requester_id" or "assignee_id" => t => string.Equals(t[field]?.ToString(), value, StringComparison.OrdinalIgnoreCase),
                "tags" or "tag" => t => t["tags"] is JsonArray tags && tags.Any(x => x?.GetValue<string>() == value),
                _ => t => Contains(t["subject"], value) || Contains(t["description"], value),
            });
        }

        return ticket => tests.All(test => test(ticket));
    }

    private static bool Contains(JsonNode? field, string word) => field?.GetValue<string>().Contains(word, StringComparison.OrdinalIgnoreCase) == true;
}
