using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Integration.Sandbox.Salesforce;

public sealed class SoqlException(string message) : Exception(message);

/// <summary>A parsed query: which fields of which object, which records, in what order, how many.</summary>
public sealed record SoqlQuery(string SObject, IReadOnlyList<string> Fields, Func<JsonObject, bool> Where, string? OrderBy, bool Descending, int? Limit, int Offset);

/// <summary>
/// The SOQL the stand-in understands: <c>SELECT f, … FROM Object [WHERE a = 'x' AND|OR b &gt; 2024-01-01T00:00:00Z …]
/// [ORDER BY f [ASC|DESC]] [LIMIT n] [OFFSET n]</c>, with =, !=, &lt;, &lt;=, &gt;, &gt;=, LIKE and IN; AND binds
/// before OR; no parentheses, relationships or aggregates. Anything else is MALFORMED_QUERY, as Salesforce says it.
/// </summary>
public static partial class Soql
{
    public static SoqlQuery Parse(string text)
    {
        var tokens = Tokenize(text);
        var position = 0;
        Expect("SELECT");
        var fields = new List<string>();
        do
        {
            fields.Add(Next());
        }
        while (Accept(","));

        Expect("FROM");
        var sobject = Next();
        var known = SalesforceSchema.Fields.Keys.FirstOrDefault(k => string.Equals(k, sobject, StringComparison.OrdinalIgnoreCase))
                    ?? throw new SoqlException($"sObject type '{sobject}' is not supported.");
        var resolved = fields.Select(f => SalesforceSchema.FieldNamed(known, f) ?? throw new SoqlException($"No such column '{f}' on entity '{known}'.")).ToList();

        Func<JsonObject, bool> where = _ => true;
        if (Accept("WHERE"))
        {
            where = Disjunction();
        }

        string? orderBy = null;
        var descending = false;
        if (Accept("ORDER"))
        {
            Expect("BY");
            var name = Next();
            orderBy = SalesforceSchema.FieldNamed(known, name) ?? throw new SoqlException($"No such column '{name}' on entity '{known}'.");
            descending = Accept("DESC");
            if (!descending)
            {
                Accept("ASC");
            }
        }

        int? limit = Accept("LIMIT") ? Number() : null;
        var offset = Accept("OFFSET") ? Number() : 0;
        if (position < tokens.Count)
        {
            throw new SoqlException($"unexpected token: {tokens[position]}");
        }

        return new SoqlQuery(known, resolved, where, orderBy, descending, limit, offset);

        Func<JsonObject, bool> Disjunction()
        {
            var any = new List<Func<JsonObject, bool>> { Conjunction() };
            while (Accept("OR"))
            {
                any.Add(Conjunction());
            }

            return record => any.Any(test => test(record));
        }

        Func<JsonObject, bool> Conjunction()
        {
            var all = new List<Func<JsonObject, bool>> { Condition() };
            while (Accept("AND"))
            {
                all.Add(Condition());
            }

            return record => all.All(test => test(record));
        }

        Func<JsonObject, bool> Condition()
        {
            var name = Next();
            var field = SalesforceSchema.FieldNamed(known, name) ?? throw new SoqlException($"No such column '{name}' on entity '{known}'.");
            var op = Next().ToUpperInvariant();
            if (op == "IN")
            {
                Expect("(");
                var values = new List<object?>();
                do
                {
                    values.Add(Literal());
                }
                while (Accept(","));

                Expect(")");
                return record => values.Any(v => Compare(record[field], v) == 0);
            }

            var value = Literal();
            return op switch
            {
                "=" => record => Compare(record[field], value) == 0,
                "!=" => record => Compare(record[field], value) != 0,
                "<" => record => Compare(record[field], value) < 0,
                "<=" => record => Compare(record[field], value) <= 0,
                ">" => record => Compare(record[field], value) > 0,
                ">=" => record => Compare(record[field], value) >= 0,
                "LIKE" => record => Like(record[field]?.ToString(), value as string),
                _ => throw new SoqlException($"unexpected token: {op}"),
            };
        }

        object? Literal()
        {
            var token = Next();
            if (token.StartsWith('\''))
            {
                return token[1..^1].Replace("\\'", "'");
            }

            if (token.Equals("null", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            if (bool.TryParse(token, out var flag))
            {
                return flag;
            }

            if (DateTimeOffset.TryParse(token, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) && token.Contains('-'))
            {
                return at;
            }

            return decimal.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                ? number
                : throw new SoqlException($"unexpected token: {token}");
        }

        int Number() => int.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new SoqlException("LIMIT and OFFSET take a whole number.");

        string Next() => position < tokens.Count ? tokens[position++] : throw new SoqlException("unexpected end of query");

        bool Accept(string keyword)
        {
            if (position < tokens.Count && string.Equals(tokens[position], keyword, StringComparison.OrdinalIgnoreCase))
            {
                position++;
                return true;
            }

            return false;
        }

        void Expect(string keyword)
        {
            if (!Accept(keyword))
            {
                throw new SoqlException($"unexpected token: {(position < tokens.Count ? tokens[position] : "end of query")}");
            }
        }
    }

    /// <summary>Orders field values against literals: text case-insensitively (as SOQL does), dates as instants, numbers as numbers.</summary>
    public static int Compare(JsonNode? field, object? value)
    {
        if (field is null || value is null)
        {
            return field is null && value is null ? 0 : field is null ? -1 : 1;
        }

        return value switch
        {
            DateTimeOffset at => DateTimeOffset.TryParse(field.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var stored) ? stored.CompareTo(at) : -1,
            decimal number => decimal.TryParse(field.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var stored) ? stored.CompareTo(number) : -1,
            bool flag => field.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False ? field.GetValue<bool>().CompareTo(flag) : -1,
            _ => string.Compare(field.ToString(), value.ToString(), StringComparison.OrdinalIgnoreCase),
        };
    }

    private static bool Like(string? text, string? pattern) =>
        text is not null && pattern is not null &&
        Regex.IsMatch(text, "^" + Regex.Escape(pattern).Replace("%", ".*").Replace("_", ".") + "$", RegexOptions.IgnoreCase | RegexOptions.Singleline, TimeSpan.FromSeconds(1));

    private static List<string> Tokenize(string text) => Token().Matches(text).Select(m => m.Value).ToList();

    [GeneratedRegex(@"'(?:\\'|[^'])*'|!=|<=|>=|[=<>(),]|[^\s=<>!(),']+", RegexOptions.CultureInvariant)]
    private static partial Regex Token();
}
