using System.Text.Json.Nodes;
using Integration.ServiceDefaults.Schemas;

namespace Integration.Workflows.Approvals;

/// <summary>An edited output that does not fit its gate's output schema: the problems by JSON path under <c>$.output</c>.</summary>
public sealed class ApprovalOutputInvalidException(Dictionary<string, string[]> problems) : Exception("The edited output does not fit the gate's output schema.")
{
    public Dictionary<string, string[]> Problems { get; } = problems;
}

/// <summary>A gate's output schema checks what a reviewer approves with edits, so what goes on is what the steps after it expect.</summary>
public static class OutputSchemas
{
    public static async Task<Dictionary<string, string[]>> ProblemsAsync(JsonObject schema, JsonNode? output)
    {
        NJsonSchema.JsonSchema parsed;
        try
        {
            parsed = await NJsonSchema.JsonSchema.FromJsonAsync(schema.ToJsonString());
        }
        catch (Exception e) when (e is Newtonsoft.Json.JsonException or InvalidOperationException or NotSupportedException)
        {
            // A schema the designer got wrong cannot hold a reviewer up: the edit goes on as given.
            return [];
        }

        return parsed.Validate(output?.ToJsonString() ?? "null")
            .GroupBy(e => SchemaErrors.PathOf(e, "$.output"))
            .ToDictionary(g => g.Key, g => g.Select(SchemaErrors.Describe).Distinct().ToArray());
    }
}
