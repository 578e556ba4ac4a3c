using System.Text.Json;
using System.Text.RegularExpressions;

namespace Integration.ServiceDefaults.Errors;

/// <summary>
/// What went wrong reading a JSON body, in a sentence for the person who sent it: System.Text.Json's message without
/// its position suffix (the JSON path says where), without advice meant for the programmer ("Change the reader
/// options"), and with .NET type names said as JSON kinds ("could not be converted to System.Int32" → "expected a
/// whole number"). Never quotes the body.
/// </summary>
public static partial class JsonReadErrors
{
    /// <summary>Where reading failed, as a JSON path (down into a list that reads its own entries, see <see cref="Json.JsonEntryException"/>).</summary>
    public static string PathOf(JsonException exception) => (exception.Path ?? "$") + (exception is Json.JsonEntryException entry ? entry.PathWithin : "");

    public static string Describe(JsonException exception)
    {
        if (exception is Json.JsonEntryException { InnerException: JsonException inner })
        {
            return Describe(inner);
        }

        if (exception.InnerException is InvalidOperationException or ArgumentException &&
            exception.InnerException.Message.Contains("UTF", StringComparison.OrdinalIgnoreCase))
        {
            return "The value is not valid text (a lone surrogate or bad UTF-8?).";
        }

        var message = exception.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].Trim();
        message = message.Replace(" which is not supported in this mode. Change the reader options.", ", which JSON does not allow.", StringComparison.Ordinal)
            .Replace(" Change the reader options.", "", StringComparison.Ordinal);
        var conversion = CouldNotConvert().Match(message);
        if (!conversion.Success)
        {
            return message;
        }

        // The reader names the JSON it found and the kind it wanted ("Cannot get the value of a token type 'Number' as a string").
        if (TokenMismatch().Match(exception.InnerException?.Message ?? "") is { Success: true } mismatch)
        {
            var wanted = mismatch.Groups["wanted"].Value switch { "string" => "text", "boolean" => "true or false", var other => "a " + other };
            return $"The value has the wrong type: expected {wanted}, found {mismatch.Groups["found"].Value.ToLowerInvariant()}.";
        }

        // A number that does not fit ("not in a supported format, or is out of bounds for an Int32").
        if (exception.InnerException is FormatException { Message: var format } && OutOfBounds().Match(format) is { Success: true } bounds)
        {
            return $"The value is not {Kind("System." + bounds.Groups["type"].Value) ?? "of the right type"} in range.";
        }

        // Otherwise the type named may be the field's own or, for records bound by constructor, the one that holds it.
        return Kind(conversion.Groups["type"].Value) is { } kind
            ? $"The value has the wrong type: expected {kind}."
            : "The value has the wrong type, or is not one of the values this field takes.";
    }

    /// <summary>A .NET type as the JSON a sender should have written; null for a type that says nothing certain (an object, an enum).</summary>
    private static string? Kind(string type) => type switch
    {
        _ when type.StartsWith("System.Nullable`1[[", StringComparison.Ordinal) => Kind(type["System.Nullable`1[[".Length..].Split(',')[0]) is { } inner ? inner + " or null" : null,
        "System.String" => "text",
        "System.Boolean" => "true or false",
        "System.Int16" or "System.Int32" or "System.Int64" or "System.Byte" or "System.UInt32" or "System.UInt64" => "a whole number",
        "System.Decimal" or "System.Double" or "System.Single" => "a number",
        "System.DateTime" or "System.DateTimeOffset" => "a date and time as text (ISO 8601)",
        "System.TimeSpan" => "a duration as text (hh:mm:ss)",
        "System.Guid" => "a GUID as text",
        "System.Text.Json.Nodes.JsonObject" => "an object",
        "System.Text.Json.Nodes.JsonArray" => "a list",
        _ when type.EndsWith("[]", StringComparison.Ordinal) || type.Contains("List`1", StringComparison.Ordinal) || type.Contains("Enumerable`1", StringComparison.Ordinal)
            || type.Contains("Collection`1", StringComparison.Ordinal) || type.Contains("Set`1", StringComparison.Ordinal) => "a list",
        _ when type.Contains("Dictionary`2", StringComparison.Ordinal) => "an object",
        _ => null,
    };

    [GeneratedRegex(@"out of bounds for an? (?<type>\w+)\.")]
    private static partial Regex OutOfBounds();

    [GeneratedRegex(@"Cannot get the value of a token type '(?<found>\w+)' as a (?<wanted>\w+)")]
    private static partial Regex TokenMismatch();

    [GeneratedRegex(@"^The JSON value could not be converted to (?<type>.+?)\.?$")]
    private static partial Regex CouldNotConvert();
}
