using Integration.ServiceDefaults.Schemas;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Integration.Inference.Gateway;

/// <summary>
/// The <c>format</c> of a request: none, "json" (any JSON object), or a JSON Schema the answer must satisfy.
/// The schema is checked when the request arrives and the answer is checked before it is returned.
/// </summary>
public sealed class StructuredOutput
{
    private readonly NJsonSchema.JsonSchema? _schema;

    private StructuredOutput(ChatResponseFormat? format, NJsonSchema.JsonSchema? schema, string? raw)
    {
        Format = format;
        _schema = schema;
        Raw = raw;
    }

    public static StructuredOutput None { get; } = new(null, null, null);

    public ChatResponseFormat? Format { get; }

    /// <summary>The format as the caller wrote it, for cache keys.</summary>
    public string? Raw { get; }

    public bool IsRequested => Format is not null;

    public static async Task<StructuredOutput> ParseAsync(JsonElement? format, string path)
    {
        switch (format)
        {
            case null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined }:
                return None;
            case { ValueKind: JsonValueKind.String } text when text.GetString() is "json":
                return new StructuredOutput(ChatResponseFormat.Json, null, "\"json\"");
            case { ValueKind: JsonValueKind.String } text when text.GetString() is "" :
                return None;
            case { ValueKind: JsonValueKind.Object } schema:
                if (SchemaReferences.Problem(schema) is { } references)
                {
                    throw new GatewayException(400, $"{path} is not a usable JSON Schema: {references}");
                }

                if (InvalidType(schema, "$") is { } where)
                {
                    throw new GatewayException(400, $"{path} is not a valid JSON Schema: the type at {where} is not one of {string.Join(", ", KnownTypes)}");
                }

                try
                {
                    var parsed = await NJsonSchema.JsonSchema.FromJsonAsync(schema.GetRawText());
                    return new StructuredOutput(ChatResponseFormat.ForJsonSchema(schema.Clone(), "response"), parsed, schema.GetRawText());
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    throw new GatewayException(400, $"{path} is not a valid JSON Schema: {e.Message.Split('\n')[0]}");
                }

            default:
                throw new GatewayException(400, $"{path} must be \"json\" or a JSON Schema object");
        }
    }

    /// <summary>Null when the answer satisfies the format; otherwise what is wrong, with JSON paths.</summary>
    public string? Check(string answer)
    {
        if (!IsRequested)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(answer);
            if (_schema is null)
            {
                return document.RootElement.ValueKind == JsonValueKind.Object ? null : "the answer is JSON but not an object";
            }
        }
        catch (JsonException)
        {
            return "the answer is not JSON";
        }

        var errors = _schema.Validate(answer);
        return errors.Count == 0 ? null : string.Join("; ", errors.Select(e => $"{Integration.ServiceDefaults.Schemas.SchemaErrors.PathOf(e)}: {Integration.ServiceDefaults.Schemas.SchemaErrors.Describe(e)}"));
    }

    private static readonly string[] KnownTypes = ["string", "number", "integer", "boolean", "object", "array", "null"];

    /// <summary>NJsonSchema reads an unknown "type" leniently; a schema a model would be held to must not be ambiguous.</summary>
    private static string? InvalidType(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            return element.EnumerateArray().Select((item, i) => InvalidType(item, $"{path}[{i}]")).FirstOrDefault(p => p is not null);
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in element.EnumerateObject())
        {
            var inner = $"{path}.{property.Name}";
            if (property.Name == "type" && !(property.Value.ValueKind == JsonValueKind.String && KnownTypes.Contains(property.Value.GetString())
                                             || property.Value.ValueKind == JsonValueKind.Array && property.Value.EnumerateArray().All(t => KnownTypes.Contains(t.GetString()))))
            {
                // "type" is also an ordinary property name inside "properties": only a schema's own keyword is checked.
                if (!path.EndsWith(".properties", StringComparison.Ordinal))
                {
                    return inner;
                }
            }

            if (InvalidType(property.Value, inner) is { } found)
            {
                return found;
            }
        }

        return null;
    }
}
