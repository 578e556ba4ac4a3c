using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Integration.Sandbox.Sap;

public sealed class ODataQueryException(string message) : Exception(message);

/// <summary>
/// The $filter the stand-in understands: <c>Prop eq|ne|gt|ge|lt|le literal</c> joined by <c>and</c> (binding
/// first) and <c>or</c>; literals 'text', numbers, true/false, null, datetime'…' and datetimeoffset'…'.
/// </summary>
public static partial class ODataFilter
{
    public static Func<JsonObject, bool> Parse(string? filter, SapEntitySet set)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return _ => true;
        }

        var tokens = Token().Matches(filter).Select(m => m.Value).ToList();
        var position = 0;
        var result = Or();
        if (position < tokens.Count)
        {
            throw new ODataQueryException($"Invalid token '{tokens[position]}' at position {position} in $filter");
        }

        return result;

        Func<JsonObject, bool> Or()
        {
            var any = new List<Func<JsonObject, bool>> { And() };
            while (Accept("or"))
            {
                any.Add(And());
            }

            return r => any.Any(t => t(r));
        }

        Func<JsonObject, bool> And()
        {
            var all = new List<Func<JsonObject, bool>> { Comparison() };
            while (Accept("and"))
            {
                all.Add(Comparison());
            }

            return r => all.All(t => t(r));
        }

        Func<JsonObject, bool> Comparison()
        {
            var name = Next();
            if (set.Property(name) is null)
            {
                throw new ODataQueryException($"Property '{name}' not found in type '{set.TypeName}'");
            }

            var op = Next();
            var literal = Literal();
            return op switch
            {
                "eq" => r => Compare(r[name], literal) == 0,
                "ne" => r => Compare(r[name], literal) != 0,
                "gt" => r => Compare(r[name], literal) > 0,
                "ge" => r => Compare(r[name], literal) >= 0,
                "lt" => r => Compare(r[name], literal) < 0,
                "le" => r => Compare(r[name], literal) <= 0,
                _ => throw new ODataQueryException($"Operator '{op}' is not supported in $filter"),
            };
        }

        object? Literal()
        {
            var token = Next();
            if (token.StartsWith("datetime", StringComparison.Ordinal))
            {
                var text = token[(token.IndexOf('\'') + 1)..^1];
                return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                    ? at
                    : throw new ODataQueryException($"Invalid date literal {token}");
            }

            if (token.StartsWith('\''))
            {
                return token[1..^1].Replace("''", "'");
            }

            return token switch
            {
                "null" => null,
                "true" => true,
                "false" => false,
                _ => decimal.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : throw new ODataQueryException($"Invalid literal {token}"),
            };
        }

        string Next() => position < tokens.Count ? tokens[position++] : throw new ODataQueryException("Unexpected end of $filter");

        bool Accept(string word)
        {
            if (position < tokens.Count && tokens[position] == word)
            {
                position++;
                return true;
            }

            return false;
        }
    }

    /// <summary>Compares a stored wire value (strings, /Date()/, decimal strings) with a literal.</summary>
    public static int Compare(JsonNode? stored, object? literal)
    {
        if (stored is null || literal is null)
        {
            return stored is null && literal is null ? 0 : stored is null ? -1 : 1;
        }

        var text = stored.GetValueKind() == System.Text.Json.JsonValueKind.String ? stored.GetValue<string>() : stored.ToJsonString();
        return literal switch
        {
            DateTimeOffset at => (ODataV2.ParseDate(text) ?? DateTimeOffset.MinValue).CompareTo(at),
            decimal n => decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v.CompareTo(n) : -1,
            bool b => bool.TryParse(text, out var v) ? v.CompareTo(b) : -1,
            _ => string.CompareOrdinal(text, literal.ToString()),
        };
    }

    [GeneratedRegex(@"datetime(?:offset)?'[^']*'|'(?:''|[^'])*'|[^\s']+", RegexOptions.CultureInvariant)]
    private static partial Regex Token();
}
