using System.Text.Json.Nodes;

namespace Integration.Portal.Designer;

/// <summary>What passes between the pages and the canvas script: a definition's activities and connections, as JSON text.</summary>
public static class DesignerJson
{
    public static string Graph(JsonObject definition) => new JsonObject
    {
        ["activities"] = definition["activities"]?.DeepClone() ?? new JsonArray(),
        ["connections"] = definition["connections"]?.DeepClone() ?? new JsonArray(),
    }.ToJsonString();
}

/// <summary>An edit of one activity on the canvas: the node (X6's cell id), the path inside the activity, the new value (null removes it).</summary>
public sealed record ActivityEdit(string NodeKey, IReadOnlyList<string> Path, JsonNode? Value);

/// <summary>An instance's path on its flowchart: each activity's state (completed, active, failed) and the outcomes taken, as "activity:outcome".</summary>
public sealed record FlowchartPath(IReadOnlyDictionary<string, string> States, IReadOnlyList<string> Taken)
{
    public static readonly FlowchartPath None = new(new Dictionary<string, string>(), []);
}

/// <summary>Two versions drawn as one: each activity's mark (added, removed, changed, moved) and each connection's (added, removed) by "from&gt;outcome&gt;to".</summary>
public sealed record FlowchartDiff(IReadOnlyDictionary<string, string> Activities, IReadOnlyDictionary<string, string> Connections);
