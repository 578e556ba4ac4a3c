using System.Text.Json.Nodes;

namespace Integration.Portal.Designer;

public enum ChangeKind
{
    Added,
    Removed,
    Changed,
    Moved,
}

/// <summary>One difference between two versions: what (an activity, a connection, a workflow property) and how it changed.</summary>
public sealed record DefinitionChange(ChangeKind Kind, string What, string Detail);

/// <summary>
/// The differences between two versions of a definition, as a process owner reads them: activities added, removed,
/// changed (which inputs) or only moved on the canvas; connections added or removed; the workflow's own properties.
/// </summary>
public static class DefinitionDiff
{
    public static IReadOnlyList<DefinitionChange> Between(JsonObject before, JsonObject after)
    {
        var changes = new List<DefinitionChange>();
        foreach (var property in new[] { "name", "description", "inputs", "outputs", "variables" })
        {
            if (!JsonNode.DeepEquals(before[property], after[property]))
            {
                changes.Add(new(ChangeKind.Changed, $"workflow {property}", $"{Show(before[property])} → {Show(after[property])}"));
            }
        }

        var old = Activities(before);
        var @new = Activities(after);
        foreach (var (id, activity) in @new.Where(a => !old.ContainsKey(a.Key)))
        {
            changes.Add(new(ChangeKind.Added, $"activity {id}", activity["type"]?.ToString() ?? ""));
        }

        foreach (var (id, activity) in old.Where(a => !@new.ContainsKey(a.Key)))
        {
            changes.Add(new(ChangeKind.Removed, $"activity {id}", activity["type"]?.ToString() ?? ""));
        }

        foreach (var (id, activity) in @new.Where(a => old.ContainsKey(a.Key)))
        {
            var was = old[id];
            var changed = DifferentKeys(was, activity).Where(k => k != "position").ToList();
            var inputs = DifferentKeys(was["inputs"] as JsonObject ?? [], activity["inputs"] as JsonObject ?? []).Select(k => $"inputs.{k}");
            var all = changed.Where(k => k != "inputs").Concat(changed.Contains("inputs") ? inputs : []).ToList();
            if (all.Count > 0)
            {
                changes.Add(new(ChangeKind.Changed, $"activity {id}", string.Join(", ", all)));
            }
            else if (!JsonNode.DeepEquals(was["position"], activity["position"]))
            {
                changes.Add(new(ChangeKind.Moved, $"activity {id}", "moved on the canvas"));
            }
        }

        var oldConnections = Connections(before);
        var newConnections = Connections(after);
        changes.AddRange(newConnections.Except(oldConnections).Select(c => new DefinitionChange(ChangeKind.Added, "connection", c)));
        changes.AddRange(oldConnections.Except(newConnections).Select(c => new DefinitionChange(ChangeKind.Removed, "connection", c)));
        return changes;
    }

    /// <summary>
    /// The two versions on one canvas: the later one's activities and connections with those the earlier one had and the
    /// later one lost, each marked added, removed, changed or moved (unmarked: the same).
    /// </summary>
    public static (JsonObject Definition, FlowchartDiff Marks) Canvas(JsonObject before, JsonObject after)
    {
        var old = Activities(before);
        var @new = Activities(after);
        var activities = new JsonArray();
        var marks = new Dictionary<string, string>();
        foreach (var (id, activity) in @new)
        {
            activities.Add(activity.DeepClone());
            if (!old.TryGetValue(id, out var was))
            {
                marks[id] = "added";
            }
            else if (DifferentKeys(was, activity).Any(k => k != "position"))
            {
                marks[id] = "changed";
            }
            else if (!JsonNode.DeepEquals(was["position"], activity["position"]))
            {
                marks[id] = "moved";
            }
        }

        foreach (var (id, activity) in old.Where(a => !@new.ContainsKey(a.Key)))
        {
            activities.Add(activity.DeepClone());
            marks[id] = "removed";
        }

        var connections = new JsonArray();
        var edges = new Dictionary<string, string>();
        var kept = EdgeKeys(before);
        foreach (var (key, connection) in EdgesOf(after))
        {
            connections.Add(connection.DeepClone());
            if (!kept.ContainsKey(key))
            {
                edges[key] = "added";
            }
        }

        var now = EdgeKeys(after);
        foreach (var (key, connection) in EdgesOf(before).Where(e => !now.ContainsKey(e.Key)))
        {
            connections.Add(connection.DeepClone());
            edges[key] = "removed";
        }

        return (new JsonObject { ["activities"] = activities, ["connections"] = connections }, new FlowchartDiff(marks, edges));
    }

    /// <summary>A connection's key on a drawn diff: from, outcome and to.</summary>
    public static string EdgeKey(JsonObject connection) => $"{connection["from"]}>{connection["outcome"] ?? "done"}>{connection["to"]}";

    private static IEnumerable<(string Key, JsonObject Connection)> EdgesOf(JsonObject definition) =>
        (definition["connections"] as JsonArray ?? []).OfType<JsonObject>().Select(c => (EdgeKey(c), c)).DistinctBy(e => e.Item1);

    private static Dictionary<string, JsonObject> EdgeKeys(JsonObject definition) => EdgesOf(definition).ToDictionary(e => e.Key, e => e.Connection);

    private static Dictionary<string, JsonObject> Activities(JsonObject definition) =>
        (definition["activities"] as JsonArray ?? []).OfType<JsonObject>().Where(a => a["id"] is not null)
            .GroupBy(a => a["id"]!.ToString()).ToDictionary(g => g.Key, g => g.First());

    private static HashSet<string> Connections(JsonObject definition) =>
        [.. (definition["connections"] as JsonArray ?? []).OfType<JsonObject>().Select(c => $"{c["from"]} —{c["outcome"] ?? "done"}→ {c["to"]}")];

    private static IEnumerable<string> DifferentKeys(JsonObject before, JsonObject after) =>
        before.Select(p => p.Key).Union(after.Select(p => p.Key)).Where(k => !JsonNode.DeepEquals(before[k], after[k]));

    private static string Show(JsonNode? value)
    {
        var text = value?.ToJsonString() ?? "(none)";
        return text.Length > 80 ? text[..77] + "…" : text;
    }
}
