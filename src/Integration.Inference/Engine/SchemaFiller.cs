using System.Text.Json;
using System.Text.Json.Nodes;

namespace Integration.Inference.Engine;

/// <summary>
/// Fills a requested JSON Schema from what an embedded model produced. Each schema property is matched to
/// a produced field by name (e.g. "category" takes the label, "customer_email" the first email), then
/// shaped to the property's type. Properties nothing matches stay out, or are null when required, so the
/// gateway's schema validation reports honestly what the model could not provide.
/// </summary>
public static class SchemaFiller
{
    private static readonly (string Field, string[] Words)[] Aliases =
    [
        ("scores", ["scores", "probabilities", "distribution"]),
        ("label", ["label", "category", "class", "intent", "topic"]),
        ("confidence", ["confidence", "probability", "certainty", "score"]),
        ("summary", ["summary", "abstract", "tldr"]),
        ("citations", ["citation", "sources", "references"]),
        ("reply", ["reply", "draft", "response", "answer", "body", "message", "text"]),
        ("grounded", ["grounded"]),
        ("emails", ["email", "mail"]),
        ("phones", ["phone", "telephone", "mobile"]),
        ("order_numbers", ["order"]),
        ("currency", ["currency"]),
        ("amounts", ["amount", "price", "total", "cost", "sum", "value"]),
        ("dates", ["date", "day", "when"]),
        ("products", ["product", "item", "sku", "article"]),
    ];

    public static JsonObject Fill(JsonElement schema, JsonObject produced)
    {
        var result = new JsonObject();
        if (!schema.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
        {
            return (JsonObject)produced.DeepClone();
        }

        var required = schema.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.Array
            ? r.EnumerateArray().Select(x => x.GetString()).ToHashSet()
            : [];
        foreach (var property in properties.EnumerateObject())
        {
            var value = Shape(Find(property.Name, produced), property.Value);
            if (value is not null || required.Contains(property.Name))
            {
                result[property.Name] = value;
            }
        }

        return result;
    }

    private static JsonNode? Find(string propertyName, JsonObject produced)
    {
        var name = new string(propertyName.ToLowerInvariant().Where(char.IsLetter).ToArray());
        if (produced.TryGetPropertyValue(propertyName, out var exact))
        {
            return exact;
        }

        foreach (var (field, words) in Aliases)
        {
            if (produced.ContainsKey(field) && words.Any(name.Contains))
            {
                return field == "currency" && !produced.ContainsKey("currency") ? null : produced[field];
            }
        }

        // "currency" is a part of the first amount when the model produced amounts.
        return name.Contains("currency") && produced["amounts"] is JsonArray { Count: > 0 } amounts ? amounts[0]?["currency"] : null;
    }

    private static JsonNode? Shape(JsonNode? value, JsonElement propertySchema)
    {
        if (value is null)
        {
            return null;
        }

        var types = TypesOf(propertySchema);
        if (types.Contains("array"))
        {
            var items = value as JsonArray ?? [value.DeepClone()];
            var itemSchema = propertySchema.TryGetProperty("items", out var i) ? i : default;
            return new JsonArray(items.Select(item => itemSchema.ValueKind == JsonValueKind.Object ? Shape(item, itemSchema) : item?.DeepClone()).ToArray());
        }

        if (value is JsonArray array)
        {
            return array.Count == 0 ? null : Shape(array[0], propertySchema);
        }

        if (value is JsonObject obj)
        {
            if (types.Contains("object"))
            {
                return propertySchema.TryGetProperty("properties", out _) ? Fill(propertySchema, obj) : obj.DeepClone();
            }

            // A structured value asked for as a scalar: an amount as a number is its value, as a string its text.
            return types.Contains("number") || types.Contains("integer") ? obj["value"]?.DeepClone() : (obj["text"] ?? obj["reference"])?.DeepClone();
        }

        if (types.Contains("string") && value.GetValueKind() != JsonValueKind.String)
        {
            return JsonValue.Create(value.ToJsonString());
        }

        return value.DeepClone();
    }

    private static HashSet<string> TypesOf(JsonElement schema)
    {
        if (!schema.TryGetProperty("type", out var type))
        {
            return [];
        }

        return type.ValueKind == JsonValueKind.Array
            ? type.EnumerateArray().Select(t => t.GetString() ?? "").ToHashSet()
            : [type.GetString() ?? ""];
    }
}
