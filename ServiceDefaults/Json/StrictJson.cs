using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Integration.ServiceDefaults.Json;

/// <summary>
/// What every JSON body the suite takes must be besides well formed: I-JSON (RFC 7493), so that no value can break a
/// service after it was accepted. Text is valid Unicode (no bad or overlong UTF-8, no lone surrogates) without NUL
/// characters (PostgreSQL text cannot hold them); numbers fit a 64-bit float, and whole numbers a 64-bit integer; no object
/// names a member twice. Free-form values (an operation's input, a CloudEvent's data) are held to it too: they are read
/// again later, far from the request that brought them.
/// </summary>
public static class StrictJson
{
    /// <summary>A value the suite refuses, with the JSON path of where it is.</summary>
    public sealed record Problem(string Path, string Message);

    /// <summary>
    /// The first value that is not I-JSON, or null. Malformed JSON is not reported here (null as well): the reader that
    /// binds the body says where it breaks.
    /// </summary>
    public static Problem? Check(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 256 });
        var frames = new List<Frame>();
        try
        {
            while (reader.Read())
            {
                var problem = reader.TokenType switch
                {
                    JsonTokenType.StartObject or JsonTokenType.StartArray => Enter(frames, reader.TokenType),
                    JsonTokenType.EndObject or JsonTokenType.EndArray => Leave(frames),
                    JsonTokenType.PropertyName => Name(frames, ref reader),
                    JsonTokenType.String => Value(frames, TextProblem(ref reader)),
                    JsonTokenType.Number => Value(frames, NumberProblem(ref reader)),
                    _ => Value(frames, null),
                };
                if (problem is not null)
                {
                    return new Problem(PathOf(frames), problem);
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }

    private sealed class Frame(bool isArray)
    {
        public bool IsArray { get; } = isArray;

        public int Index { get; set; } = -1;

        public string? Name { get; set; }

        public HashSet<string>? Names { get; set; }
    }

    private static string? Enter(List<Frame> frames, JsonTokenType token)
    {
        Value(frames, null);
        frames.Add(new Frame(token == JsonTokenType.StartArray));
        return null;
    }

    private static string? Leave(List<Frame> frames)
    {
        frames.RemoveAt(frames.Count - 1);
        return null;
    }

    /// <summary>A value in an array moves its index on (a value in an object sits under the name read before it).</summary>
    private static string? Value(List<Frame> frames, string? problem)
    {
        if (frames.Count > 0 && frames[^1].IsArray)
        {
            frames[^1].Index++;
        }

        return problem;
    }

    private static string? Name(List<Frame> frames, ref Utf8JsonReader reader)
    {
        var frame = frames[^1];
        if (TextProblem(ref reader) is { } problem)
        {
            frame.Name = null; // the path names the object whose member's name is wrong
            return problem;
        }

        frame.Name = reader.GetString()!;
        frame.Names ??= new HashSet<string>(StringComparer.Ordinal);
        return frame.Names.Add(frame.Name) ? null : "This member is named twice in its object; name each member once.";
    }

    private static string? TextProblem(ref Utf8JsonReader reader)
    {
        string text;
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            if (!Utf8.IsValid(reader.ValueSpan))
            {
                return "The text is not valid UTF-8.";
            }

            return reader.ValueSpan.IndexOf((byte)0) >= 0 ? NulProblem : null;
        }

        try
        {
            text = reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return "The text is not valid Unicode (bad UTF-8, or a lone surrogate such as \\ud800).";
        }

        return text.Contains('\0', StringComparison.Ordinal) ? NulProblem : null;
    }

    private const string NulProblem = "The text holds a NUL character (\\u0000), which the suite does not keep.";

    private static string? NumberProblem(ref Utf8JsonReader reader)
    {
        if (!reader.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            return "The number is beyond what a 64-bit floating-point number holds.";
        }

        var literal = reader.HasValueSequence ? [] : reader.ValueSpan;
        var whole = literal.IndexOfAny("."u8) < 0 && literal.IndexOfAny("eE"u8) < 0;
        return whole && !reader.TryGetInt64(out _) ? "A whole number here is at most 19 digits (a 64-bit integer)." : null;
    }

    private static string PathOf(List<Frame> frames)
    {
        var path = new StringBuilder("$");
        foreach (var frame in frames)
        {
            if (frame.IsArray)
            {
                path.Append('[').Append(Math.Max(frame.Index, 0).ToString(CultureInfo.InvariantCulture)).Append(']');
            }
            else if (frame.Name is { } name)
            {
                path.Append(name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && name.Length > 0 ? "." + name : $"['{name.Replace("'", "\\'", StringComparison.Ordinal)}']");
            }
        }

        return path.ToString();
    }
}
