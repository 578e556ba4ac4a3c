using System.Text.Json;
using System.Text.Json.Nodes;

namespace Integration.Workflows.Runtime;

/// <summary>Liquid templates (DotLiquid) rendered over the same scope as expressions: <c>{{ event.data.subject }}</c>.</summary>
public static class Templates
{
    public static string Render(string template, JsonObject scope)
    {
        var parsed = DotLiquid.Template.Parse(template);
        var hash = DotLiquid.Hash.FromDictionary((IDictionary<string, object?>)ToPlain(scope)!);
        return parsed.Render(new DotLiquid.RenderParameters(System.Globalization.CultureInfo.InvariantCulture) { LocalVariables = hash, ErrorsOutputMode = DotLiquid.ErrorsOutputMode.Rethrow });
    }

    // DotLiquid reads dictionaries, lists and primitives.
    private static object? ToPlain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => obj.ToDictionary(p => p.Key, p => ToPlain(p.Value)),
        JsonArray array => array.Select(ToPlain).ToList(),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            // Numbers may be held as any CLR type; their JSON text reads the same either way.
            JsonValueKind.Number => long.TryParse(value.ToJsonString(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var l)
                ? l
                : double.Parse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture),
            _ => null,
        },
        _ => null,
    };
}
