using System.Text.Json;
using System.Text.Json.Nodes;
using Fluid;

namespace Integration.Workflows.Runtime;

/// <summary>A Liquid template that does not parse, or fails while it renders.</summary>
public sealed class TemplateException(string message) : Exception(message);

/// <summary>Liquid templates (Fluid) rendered over the same scope as expressions: <c>{{ event.data.subject }}</c>.</summary>
public static class Templates
{
    // Thread-safe and reusable: Fluid's parser and options are built once, and each template is parsed once (the cache
    // is bounded, since definitions come from users).
    private static readonly FluidParser Parser = new();
    private static readonly TemplateOptions Options = new() { CultureInfo = System.Globalization.CultureInfo.InvariantCulture };
    private const int MaxParsed = 10_000;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, IFluidTemplate> Parsed = new(StringComparer.Ordinal);

    public static string Render(string template, Scope scope)
    {
        if (!Parsed.TryGetValue(template, out var parsed))
        {
            parsed = Parse(template, out var error) ?? throw new TemplateException($"The Liquid template does not parse: {error}");
            if (Parsed.Count >= MaxParsed)
            {
                Parsed.Clear();
            }

            Parsed.TryAdd(template, parsed);
        }

        try
        {
            var model = scope.NamedIn(template).ToDictionary(e => e.Name, e => ToPlain(e.Value));
            return parsed.Render(new TemplateContext(model, Options, allowModelMembers: false));
        }
        catch (Exception e) when (e is ParseException or InvalidOperationException or ArgumentException)
        {
            throw new TemplateException($"The Liquid template failed: {e.Message}");
        }
    }

    /// <summary>The parsed template, or null with the parser's message.</summary>
    public static IFluidTemplate? Parse(string template, out string? error) =>
        Parser.TryParse(template, out var parsed, out error) ? parsed : null;

    // Fluid reads dictionaries, lists and primitives.
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
                : decimal.Parse(value.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture),
            _ => null,
        },
        _ => null,
    };
}
