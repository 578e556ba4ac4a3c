using System.Text.Json;

namespace Integration.ServiceDefaults.Schemas;

/// <summary>
/// What a caller's JSON Schema may not do with <c>$ref</c> before a service loads it: point outside the document (the
/// schema library would fetch it: a request must never make a service call out), or lead back to itself through
/// references alone (the library loops on it).
/// </summary>
public static class SchemaReferences
{
    /// <summary>Null when the references are usable; otherwise what is wrong, in words for the caller.</summary>
    public static string? Problem(JsonElement schema)
    {
        var references = new List<string>();
        Collect(schema, references);
        if (references.FirstOrDefault(r => !r.StartsWith('#')) is { } remote)
        {
            return $"only local references ($ref starting with #) are allowed, not '{remote}'";
        }

        foreach (var start in references.Distinct())
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var pointer = start; pointer is not null; pointer = ReferenceAt(Resolve(schema, pointer)))
            {
                if (!seen.Add(pointer))
                {
                    return $"its references loop: '{start}' leads back to itself";
                }
            }
        }

        return null;
    }

    private static void Collect(JsonElement element, List<string> references)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name == "$ref" && property.Value.ValueKind == JsonValueKind.String)
                {
                    references.Add(property.Value.GetString()!);
                }
                else
                {
                    Collect(property.Value, references);
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Collect(item, references);
            }
        }
    }

    private static string? ReferenceAt(JsonElement? element) =>
        element is { ValueKind: JsonValueKind.Object } node && node.TryGetProperty("$ref", out var reference) && reference.ValueKind == JsonValueKind.String
            ? reference.GetString()
            : null;

    /// <summary>A local reference (#, #/a/b, with ~0 and ~1 escapes) resolved in the document; null when it leads nowhere.</summary>
    private static JsonElement? Resolve(JsonElement root, string pointer)
    {
        var current = root;
        foreach (var token in pointer.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = Uri.UnescapeDataString(token).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(name, out var child))
            {
                current = child;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(name, out var index) && index >= 0 && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                return null;
            }
        }

        return current;
    }
}
