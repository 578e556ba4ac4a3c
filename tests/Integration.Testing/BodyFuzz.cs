using System.Text;
using System.Text.Json.Nodes;

namespace Integration.Testing;

/// <summary>
/// Bodies that no endpoint should answer with a 5xx, made from one valid sample: not JSON, cut short, each property
/// given a value of another type, nested far too deep, a string far longer than any field needs (200 kB, under the
/// 1 MiB body limit that Kestrel enforces and the in-process test server does not), text that is not valid Unicode.
/// </summary>
public static class BodyFuzz
{
    public sealed record Variant(string Name, byte[] Body)
    {
        public override string ToString() => Name;
    }

    /// <param name="freeForm">Properties that take any JSON value (a CloudEvent's data, say): no type is wrong for them.</param>
    /// <param name="longText">Properties whose text may rightly be long (a document's content): not given 200 kB.</param>
    public static IReadOnlyList<Variant> From(string validJson, string[]? freeForm = null, string[]? longText = null)
    {
        freeForm ??= [];
        longText ??= [];
        var variants = new List<Variant>
        {
            new("empty body", []),
            new("not JSON", Encoding.UTF8.GetBytes("hello")),
            new("cut short", Encoding.UTF8.GetBytes(validJson[..(validJson.Length / 2)])),
            new("an array instead of an object", Encoding.UTF8.GetBytes("[" + validJson + "]")),
            new("nested 10,000 deep", Encoding.UTF8.GetBytes(new string('[', 10_000) + new string(']', 10_000))),
        };
        if (JsonNode.Parse(validJson) is not JsonObject sample)
        {
            return variants;
        }

        foreach (var (name, value) in sample.ToList())
        {
            foreach (var (kind, other) in freeForm.Contains(name) ? [] : OtherTypes(value))
            {
                variants.Add(new($"$.{name} as {kind}", Replace(sample, name, other)));
            }

            if (value is JsonValue text && text.TryGetValue<string>(out _))
            {
                variants.Add(new($"$.{name} with a lone surrogate", Encoding.UTF8.GetBytes(sample.ToJsonString().Replace(
                    $"\"{name}\":{value.ToJsonString()}", $"\"{name}\":\"x\\ud800y\"", StringComparison.Ordinal))));
                if (!longText.Contains(name))
                {
                    variants.Add(new($"$.{name} as 200 kB of text", Replace(sample, name, JsonValue.Create(new string('a', 200 * 1024)))));
                }

                var (head, tail) = Split(sample.ToJsonString(), $"\"{name}\":{value.ToJsonString()}");
                variants.Add(new($"$.{name} as invalid UTF-8", [.. Encoding.UTF8.GetBytes(head + $"\"{name}\":\"x"), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("\"" + tail)]));
            }

            variants.Add(new($"$.{name} nested 200 deep", Encoding.UTF8.GetBytes(sample.ToJsonString().Replace(
                $"\"{name}\":{value?.ToJsonString() ?? "null"}", $"\"{name}\":{new string('[', 200)}{new string(']', 200)}", StringComparison.Ordinal))));
        }

        return variants;
    }

    private static (string Head, string Tail) Split(string json, string part)
    {
        var at = json.IndexOf(part, StringComparison.Ordinal);
        return (json[..at], json[(at + part.Length)..]);
    }

    private static byte[] Replace(JsonObject sample, string name, JsonNode? value)
    {
        var copy = sample.DeepClone().AsObject();
        copy[name] = value;
        return Encoding.UTF8.GetBytes(copy.ToJsonString());
    }

    /// <summary>Values of types the property's own never accepts.</summary>
    private static IEnumerable<(string Kind, JsonNode? Value)> OtherTypes(JsonNode? value) => value switch
    {
        JsonObject => [("a number", JsonValue.Create(12345)), ("a string", JsonValue.Create("x")), ("an array", new JsonArray())],
        JsonArray => [("a number", JsonValue.Create(12345)), ("a string", JsonValue.Create("x")), ("an object", new JsonObject())],
        JsonValue v when v.TryGetValue<string>(out _) => [("a number", JsonValue.Create(12345)), ("an array", new JsonArray()), ("an object", new JsonObject())],
        JsonValue v when v.TryGetValue<bool>(out _) => [("a string", JsonValue.Create("x")), ("an array", new JsonArray())],
        JsonValue => [("a string", JsonValue.Create("x")), ("an array", new JsonArray()), ("an object", new JsonObject())],
        _ => [],
    };
}

/// <summary>Sends every <see cref="BodyFuzz"/> variant of a valid body to one endpoint.</summary>
public static class BodyFuzzAssert
{
    /// <summary>Every variant gets a 4xx (never a 5xx, never a success), and <paramref name="state"/> reads the same after.</summary>
    /// <param name="refusedAnotherWay">For an endpoint whose answer to bad input is not a 4xx (a validation report, say).</param>
    public static async Task EveryVariantIsRefusedAndChangesNothingAsync(HttpClient client, HttpMethod method, string path, string validJson,
        Func<Task<string>> state, CancellationToken cancellationToken, Func<HttpResponseMessage, string, bool>? refusedAnotherWay = null,
        string[]? freeForm = null, string[]? longText = null)
    {
        var before = await state();
        var wrong = new List<string>();
        foreach (var variant in BodyFuzz.From(validJson, freeForm, longText))
        {
            using var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(variant.Body) };
            request.Content.Headers.ContentType = new("application/json");
            using var response = await client.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if ((int)response.StatusCode is < 400 or >= 500 && refusedAnotherWay?.Invoke(response, body) != true)
            {
                wrong.Add($"{variant.Name}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}");
            }
        }

        Assert.True(wrong.Count == 0, $"{method} {path} did not refuse:\n" + string.Join('\n', wrong));
        Assert.Equal(before, await state());
    }
}
