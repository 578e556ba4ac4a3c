using System.Text;
using System.Text.Json.Nodes;

namespace Integration.Testing;

/// <summary>
/// Bodies that no endpoint should answer with a 5xx, made from one valid sample. The whole body: empty, not JSON, cut
/// short, an array instead, nested 10,000 deep. At every value, however deep: text that is not valid Unicode (bad or
/// overlong UTF-8, UTF-8 of a surrogate, an escaped lone surrogate) or holds NUL; numbers beyond a double and 40-digit
/// integers; an object naming a member twice. At every typed value (outside the free-form parts the caller names): each
/// other JSON type, a list entry that is null, text far longer than any field needs (200 kB, under the 1 MiB body limit
/// that Kestrel enforces and the in-process test server does not), nested 200 deep.
/// </summary>
public static class BodyFuzz
{
    public sealed record Variant(string Name, byte[] Body)
    {
        public override string ToString() => Name;
    }

    private const string Marker = "\u0001fuzz\u0001";

    /// <param name="freeForm">Values that take any JSON (a CloudEvent's data, an operation's input), by name at the top (<c>data</c>) or by path (<c>$.event.data</c>): no type is wrong in them.</param>
    /// <param name="longText">Properties whose text may rightly be long (a document's content), by name at any depth: not given 200 kB.</param>
    public static IReadOnlyList<Variant> From(string validJson, string[]? freeForm = null, string[]? longText = null)
    {
        var free = (freeForm ?? []).Select(f => f.StartsWith('$') ? f : "$." + f).ToArray();
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

        foreach (var (path, segments, value) in Walk(sample, "$", []))
        {
            var typed = !free.Any(f => path == f || path.StartsWith(f + ".", StringComparison.Ordinal) || path.StartsWith(f + "[", StringComparison.Ordinal));
            var name = segments[^1] is string property ? property : null;
            if (typed)
            {
                foreach (var (kind, other) in OtherTypes(value))
                {
                    variants.Add(new($"{path} as {kind}", Replace(sample, segments, other)));
                }

                variants.Add(new($"{path} nested 200 deep", Raw(sample, segments, new string('[', 200) + new string(']', 200))));
                if (value is JsonArray { Count: > 0 })
                {
                    variants.Add(new($"{path}[0] as null", Replace(sample, [.. segments, 0], null)));
                }
            }

            switch (value)
            {
                case JsonValue text when text.TryGetValue<string>(out _):
                    variants.Add(new($"{path} with an escaped lone surrogate", Raw(sample, segments, "\"x\\ud800y\"")));
                    variants.Add(new($"{path} with a NUL character", Raw(sample, segments, "\"x\\u0000y\"")));
                    variants.Add(new($"{path} as invalid UTF-8", Raw(sample, segments, "\"x", new byte[] { 0xC3, 0x28 }, "y\"")));
                    variants.Add(new($"{path} as overlong UTF-8", Raw(sample, segments, "\"x", new byte[] { 0xC0, 0xAF }, "y\"")));
                    variants.Add(new($"{path} as UTF-8 of a surrogate", Raw(sample, segments, "\"x", new byte[] { 0xED, 0xA0, 0x80 }, "y\"")));
                    if (typed && !longText.Contains(name))
                    {
                        variants.Add(new($"{path} as 200 kB of text", Replace(sample, segments, JsonValue.Create(new string('a', 200 * 1024)))));
                    }

                    break;
                case JsonValue number when number.GetValueKind() == System.Text.Json.JsonValueKind.Number:
                    variants.Add(new($"{path} beyond a double", Raw(sample, segments, "1e400")));
                    variants.Add(new($"{path} as a 40-digit integer", Raw(sample, segments, "1234567890123456789012345678901234567890")));
                    break;
                case JsonObject { Count: > 0 } members:
                    var (first, firstValue) = members.First();
                    variants.Add(new($"{path} naming {first} twice", Raw(sample, segments,
                        "{" + $"{JsonValue.Create(first).ToJsonString()}:{firstValue?.ToJsonString() ?? "null"}," + members.ToJsonString()[1..])));
                    break;
            }
        }

        return variants;
    }

    /// <summary>Every value below the root, with its JSON path and the segments that reach it (names and indexes).</summary>
    private static IEnumerable<(string Path, object[] Segments, JsonNode? Value)> Walk(JsonNode node, string path, object[] segments)
    {
        var children = node switch
        {
            JsonObject o => o.Select(p => (Path: $"{path}.{p.Key}", Segment: (object)p.Key, Value: p.Value)),
            JsonArray a => a.Select((v, i) => (Path: $"{path}[{i}]", Segment: (object)i, Value: v)),
            _ => [],
        };
        foreach (var (childPath, segment, value) in children.ToList())
        {
            object[] reach = [.. segments, segment];
            yield return (childPath, reach, value);
            if (value is JsonObject or JsonArray)
            {
                foreach (var below in Walk(value, childPath, reach))
                {
                    yield return below;
                }
            }
        }
    }

    private static byte[] Replace(JsonObject sample, object[] segments, JsonNode? value)
    {
        var copy = sample.DeepClone().AsObject();
        JsonNode parent = copy;
        foreach (var segment in segments[..^1])
        {
            parent = segment is int index ? parent[index]! : parent[(string)segment]!;
        }

        if (segments[^1] is int at)
        {
            parent.AsArray()[at] = value;
        }
        else
        {
            parent.AsObject()[(string)segments[^1]] = value;
        }

        return Encoding.UTF8.GetBytes(copy.ToJsonString());
    }

    /// <summary>The sample with the value at the segments written as these raw pieces (text and bytes, in order).</summary>
    private static byte[] Raw(JsonObject sample, object[] segments, params object[] pieces)
    {
        var text = Encoding.UTF8.GetString(Replace(sample, segments, JsonValue.Create(Marker)));
        var marker = JsonValue.Create(Marker).ToJsonString();
        var at = text.IndexOf(marker, StringComparison.Ordinal);
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(text[..at]));
        foreach (var piece in pieces)
        {
            bytes.AddRange(piece as byte[] ?? Encoding.UTF8.GetBytes((string)piece));
        }

        bytes.AddRange(Encoding.UTF8.GetBytes(text[(at + marker.Length)..]));
        return [.. bytes];
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
        string[]? freeForm = null, string[]? longText = null, string contentType = "application/json")
    {
        var before = await state();
        var wrong = new List<string>();
        foreach (var variant in BodyFuzz.From(validJson, freeForm, longText))
        {
            using var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(variant.Body) };
            request.Content.Headers.ContentType = new(contentType);
            using var response = await client.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if ((int)response.StatusCode is < 400 or >= 500 && refusedAnotherWay?.Invoke(response, body) != true)
            {
                wrong.Add($"{variant.Name}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}");
            }
        }

        Assert.True(wrong.Count == 0, $"{method} {path} did not refuse {wrong.Count} variant(s):\n" + string.Join('\n', wrong));
        Assert.Equal(before, await state());
    }
}
