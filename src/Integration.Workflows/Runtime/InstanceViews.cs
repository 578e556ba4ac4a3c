using System.Text.Json.Nodes;

namespace Integration.Workflows.Runtime;

/// <summary>
/// An instance's state as the API and the grain's callers see it (<see cref="InstanceView"/>): every value the
/// governance service redacted put back as its placeholder, the placeholder map left out. The stored instance keeps
/// the real values, which it needs to send replies toward the SaaS.
/// </summary>
public static class InstanceViews
{
    public static InstanceView Of(InstanceState state)
    {
        // Longest values first, so that a value containing another is replaced whole.
        var secrets = state.Placeholders.Where(p => p.Value.Length > 0).OrderByDescending(p => p.Value.Length).ToList();
        return new InstanceView(state.Id, state.DefinitionId, state.Version, state.Status,
            Mask(state.Input, secrets)!.AsObject(), Mask(state.Event, secrets)?.AsObject(), Mask(state.Vars, secrets)!.AsObject(), Mask(state.Steps, secrets)!.AsObject(),
            Mask(state.Outputs, secrets)?.AsObject(), Mask(state.Error, secrets), [.. state.Tokens],
            [.. state.Bookmarks.Select(b => b with { Data = Mask(b.Data, secrets)?.AsObject() })],
            new Dictionary<string, int>(state.Visits), new Dictionary<string, int>(state.JoinArrivals), new Dictionary<string, int>(state.ForEachPositions),
            [.. state.Journal.Select(e => e with { Inputs = Mask(e.Inputs, secrets), Outputs = Mask(e.Outputs, secrets), Error = Mask(e.Error, secrets) })],
            state.Sequence, state.KpiSequence, state.RespondedAt, state.StartedAt, Mask(state.BusinessKey, secrets), state.Parent);
    }

    /// <summary>A copy of the node with each secret value in its strings replaced by its placeholder.</summary>
    private static JsonNode? Mask(JsonNode? node, List<KeyValuePair<string, string>> secrets) => node switch
    {
        null => null,
        _ when secrets.Count == 0 => node.DeepClone(),
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, Mask(p.Value, secrets)))),
        JsonArray array => new JsonArray(array.Select(item => Mask(item, secrets)).ToArray()),
        JsonValue value when value.TryGetValue<string>(out var text) => JsonValue.Create(Mask(text, secrets)),
        _ => node.DeepClone(),
    };

    private static string? Mask(string? text, List<KeyValuePair<string, string>> secrets) =>
        text is null ? null : secrets.Aggregate(text, (masked, secret) => masked.Replace(secret.Value, secret.Key, StringComparison.Ordinal));
}
