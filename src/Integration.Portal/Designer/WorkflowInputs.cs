using System.Text.Json.Nodes;

namespace Integration.Portal.Designer;

/// <summary>A workflow's declared inputs (<c>{name, type, required, description}</c>) as the JSON schema an input form reads.</summary>
public static class WorkflowInputs
{
    public static JsonObject Schema(JsonArray inputs)
    {
        var declared = inputs.OfType<JsonObject>().Where(p => p["name"] is JsonValue).DistinctBy(p => p["name"]!.ToString()).ToList();
        return new JsonObject
        {
            ["properties"] = new JsonObject(declared.Select(p => KeyValuePair.Create(p["name"]!.ToString(), (JsonNode?)new JsonObject
            {
                ["type"] = p["type"]?.DeepClone(),
                ["description"] = p["description"]?.DeepClone(),
            }))),
            ["required"] = new JsonArray([.. declared.Where(p => p["required"] is JsonValue r && r.TryGetValue<bool>(out var yes) && yes).Select(p => (JsonNode?)p["name"]!.ToString())]),
        };
    }
}
