using System.Text.Json.Nodes;

namespace Integration.Portal.Designer;

/// <summary>One field of an extraction: its name, JSON type, whether it may be null, whether it is required.</summary>
public sealed record SchemaField(string Name, string Type, bool Nullable, bool Required);

/// <summary>
/// Between the flat JSON Schema an extract step needs (an object of named fields of simple types) and a list of fields a
/// form edits, so that a process owner never writes the schema by hand. A schema beyond that shape stays JSON.
/// </summary>
public static class SchemaFields
{
    public static readonly IReadOnlyList<string> Types = ["string", "number", "integer", "boolean"];

    /// <summary>The fields of a flat object schema; null when the schema is anything else (then it is edited as JSON).</summary>
    public static IReadOnlyList<SchemaField>? From(JsonNode? schema)
    {
        if (schema is null)
        {
            return [];
        }

        if (schema is not JsonObject { } root || root["type"]?.ToString() != "object" || root.Any(p => p.Key is not ("type" or "properties" or "required")))
        {
            return null;
        }

        var required = (root["required"] as JsonArray)?.Select(r => r?.ToString()).ToHashSet() ?? [];
        var fields = new List<SchemaField>();
        foreach (var (name, property) in root["properties"] as JsonObject ?? [])
        {
            if (property is not JsonObject { Count: 1 } only || only["type"] is not { } type)
            {
                return null;
            }

            var (simple, nullable) = type switch
            {
                JsonValue v => (v.ToString(), false),
                JsonArray { Count: 2 } pair when pair.Any(t => t?.ToString() == "null") => (pair.First(t => t?.ToString() != "null")?.ToString(), true),
                _ => (null, false),
            };
            if (simple is null || !Types.Contains(simple))
            {
                return null;
            }

            fields.Add(new SchemaField(name, simple, nullable, required.Contains(name)));
        }

        return fields;
    }

    public static JsonObject To(IEnumerable<SchemaField> fields)
    {
        var list = fields.Where(f => !string.IsNullOrWhiteSpace(f.Name)).ToList();
        var schema = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject(list.Select(f => KeyValuePair.Create(f.Name.Trim(), (JsonNode?)new JsonObject
            {
                ["type"] = f.Nullable ? new JsonArray(f.Type, "null") : JsonValue.Create(f.Type),
            }))),
        };
        if (list.Any(f => f.Required))
        {
            schema["required"] = new JsonArray([.. list.Where(f => f.Required).Select(f => (JsonNode)JsonValue.Create(f.Name.Trim()))]);
        }

        return schema;
    }
}
