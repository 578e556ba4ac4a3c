using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Integration.Sandbox.Sap;

public sealed class ODataQueryException(string message) : Exception(message);

/// <summary>
/// The $filter the stand-in understands, as OData V2 clients write it: <c>Prop eq|ne|gt|ge|lt|le literal</c>; the
/// string functions <c>startswith(Prop,'x')</c>, <c>endswith(Prop,'x')</c> and <c>substringof('x',Prop)</c>, alone or
/// compared with true/false (<c>substringof('x',Prop) eq true</c>, as the SAP Cloud SDK writes it); <c>not</c>;
/// parentheses; <c>and</c> binding before <c>or</c>. Literals: 'text', numbers (with an optional M/L/D suffix),
/// true/false, null, datetime'…', datetimeoffset'…' and guid'…'.
/// </summary>
public static partial class ODataFilter
{
    private static readonly string[] Functions = ["startswith", "endswith", "substringof"];

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

            return any.Count == 1 ? any[0] : r => any.Any(t => t(r));
        }

        Func<JsonObject, bool> And()
        {
            var all = new List<Func<JsonObject, bool>> { Unary() };
            while (Accept("and"))
            {
                all.Add(Unary());
            }

            return all.Count == 1 ? all[0] : r => all.All(t => t(r));
        }

        Func<JsonObject, bool> Unary()
        {
            if (Accept("not"))
            {
                var operand = Unary();
                return r => !operand(r);
            }

            if (Accept("("))
            {
                var inner = Or();
                Expect(")");
                return inner;
            }

            return Functions.Contains(Peek()) ? FunctionTest() : Comparison();
        }

        // startswith(Prop,'x') | endswith(Prop,'x') | substringof('x',Prop), optionally "eq|ne true|false".
        Func<JsonObject, bool> FunctionTest()
        {
            var function = Next();
            Expect("(");
            string name, needle;
            if (function == "substringof")
            {
                if (Peek()?.StartsWith('\'') != true)
                {
                    throw new ODataQueryException("substringof takes a 'text' literal, then a property: substringof('x',Property)");
                }

                needle = Text(Literal());
                Expect(",");
                name = Property();
            }
            else
            {
                name = Property();
                Expect(",");
                needle = Text(Literal());
            }

            Expect(")");
            Func<string, bool> test = function switch
            {
                "startswith" => value => value.StartsWith(needle, StringComparison.Ordinal),
                "endswith" => value => value.EndsWith(needle, StringComparison.Ordinal),
                _ => value => value.Contains(needle, StringComparison.Ordinal),
            };
            Func<JsonObject, bool> call = r => r[name] is { } stored && test(stored.GetValueKind() == System.Text.Json.JsonValueKind.String ? stored.GetValue<string>() : stored.ToJsonString());
            if (Peek() is "eq" or "ne")
            {
                var negate = Next() == "ne";
                var expected = Literal() as bool? ?? throw new ODataQueryException($"{function}(…) is compared with true or false only");
                return r => call(r) == expected != negate;
            }

            return call;
        }

        Func<JsonObject, bool> Comparison()
        {
            var name = Property();
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

        string Property()
        {
            var name = Next();
            return set.Property(name) is null ? throw new ODataQueryException($"Property '{name}' not found in type '{set.TypeName}'") : name;
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

            if (token.StartsWith("guid'", StringComparison.Ordinal))
            {
                return token[5..^1];
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
                _ => decimal.TryParse(token.TrimEnd('M', 'm', 'L', 'l', 'D', 'd'), NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
                    ? n
                    : throw new ODataQueryException($"Invalid literal {token}"),
            };
        }

        static string Text(object? literal) => literal as string ?? throw new ODataQueryException("A string function compares with a 'text' literal");

        string? Peek() => position < tokens.Count ? tokens[position] : null;

        string Next() => position < tokens.Count ? tokens[position++] : throw new ODataQueryException("Unexpected end of $filter");

        void Expect(string token)
        {
            if (!Accept(token))
            {
                throw new ODataQueryException(position < tokens.Count
                    ? $"Expected '{token}' but found '{tokens[position]}' at position {position} in $filter"
                    : $"Expected '{token}' at the end of $filter");
            }
        }

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

    [GeneratedRegex(@"(?:datetime(?:offset)?|guid)'[^']*'|'(?:''|[^'])*'|[(),]|[^\s'(),]+", RegexOptions.CultureInvariant)]
    private static partial Regex Token();
}
