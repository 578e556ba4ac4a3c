using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Integration.Portal.Api;

namespace Integration.Portal.Designer;

/// <summary>
/// Between an activity input's JSON value and the text its editor shows: expressions, templates and string literals as
/// they are, numbers as numbers, a list of strings one per line, anything else (a JSON Schema, a switch's cases) as JSON.
/// </summary>
public static class InputValues
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Whether the editor shows the value as JSON: objects, and lists whose items are not all strings.</summary>
    /// <summary>The input's default as a node the editors can show and copy (the catalog keeps it as a read-only element).</summary>
    public static JsonNode? DefaultOf(ActivityInput input) => input.Default is { } d ? JsonSerializer.SerializeToNode(d) : null;

    public static bool EditsAsJson(ActivityInput input, JsonNode? value) =>
        input.Kind == InputKind.Literal && input.Type switch
        {
            "object" => true,
            "array" => value is JsonArray items && items.Any(i => i?.GetValueKind() != JsonValueKind.String),
            _ => false,
        };

    public static string ToText(JsonNode? value, bool asJson) => value switch
    {
        null => "",
        JsonValue v when !asJson && v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonArray items when !asJson && items.All(i => i?.GetValueKind() == JsonValueKind.String) => string.Join('\n', items.Select(i => i!.GetValue<string>())),
        JsonValue v when !asJson => v.ToJsonString(),
        _ => value.ToJsonString(Indented),
    };

    /// <summary>The value for an editor's text; null removes the input (its default applies). An error says what to type instead.</summary>
    public static (JsonNode? Value, string? Error) FromText(ActivityInput input, string? text, bool asJson)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, null);
        }

        if (input.Kind != InputKind.Literal)
        {
            return (JsonValue.Create(text), null);
        }

        if (asJson)
        {
            try
            {
                return (JsonNode.Parse(text), null);
            }
            catch (JsonException e)
            {
                return (null, $"This is not JSON yet: {e.Message.Split(" Path:")[0]}");
            }
        }

        return input.Type switch
        {
            "number" when long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole) => (JsonValue.Create(whole), null),
            "number" when double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => (JsonValue.Create(number), null),
            "number" => (null, "A number, e.g. 3 or 0.5."),
            "boolean" when bool.TryParse(text.Trim(), out var flag) => (JsonValue.Create(flag), null),
            "boolean" => (null, "true or false."),
            "array" => (new JsonArray([.. text.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0).Select(line => (JsonNode)JsonValue.Create(line))]), null),
            _ => (JsonValue.Create(text), null),
        };
    }

    /// <summary>What the editor says about an input: its description, how it is read, and its default.</summary>
    public static string Help(ActivityInput input)
    {
        var how = input.Kind switch
        {
            InputKind.Expression => "JavaScript expression over input, event, vars and steps.",
            InputKind.Template => "Liquid template, e.g. {{ event.data.subject }}.",
            InputKind.Cron => "Cron expression.",
            _ when input.Type == "array" => "One per line.",
            _ => "",
        };
        var @default = input.Default is { } d ? $" Default: {d.GetRawText()}." : "";
        return $"{input.Description}. {how}{@default}".Replace("..", ".", StringComparison.Ordinal).Trim();
    }
}
