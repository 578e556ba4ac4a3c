using Acornima;
using Acornima.Ast;

namespace Integration.Portal.Designer;

/// <summary>One field of an object an expression builds: its name and the JavaScript expression of its value.</summary>
public sealed record ObjectField(string Name, string Expression);

/// <summary>
/// Between a connector call's input, a JavaScript object literal (<c>({ ticketId: vars.ticketId, public: true })</c>), and
/// the fields a form edits one by one. Each value keeps its source text exactly, so that reading the fields and writing
/// them back gives the same expression. Anything else (a spread, a computed key, a call building the object) stays one
/// expression.
/// </summary>
public static class ObjectFields
{
    /// <summary>The fields of an object literal; none for no input; null when the expression is anything else.</summary>
    public static IReadOnlyList<ObjectField>? From(string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return [];
        }

        Expression root;
        try
        {
            root = new Parser().ParseExpression(expression);
        }
        catch (Exception e) when (e is ParseErrorException or InsufficientExecutionStackException)
        {
            return null;
        }

        if (root is not ObjectExpression literal)
        {
            return null;
        }

        var fields = new List<ObjectField>();
        foreach (var node in literal.Properties)
        {
            if (node is not Property { Kind: PropertyKind.Init, Computed: false, Method: false, Shorthand: false } property)
            {
                return null;
            }

            var name = property.Key switch
            {
                Identifier identifier => identifier.Name,
                StringLiteral text => text.Value,
                _ => null,
            };
            if (name is null || fields.Any(f => f.Name == name))
            {
                return null;
            }

            fields.Add(new ObjectField(name, expression[property.Value.Start..property.Value.End]));
        }

        return fields;
    }

    /// <summary>The object literal of the fields that have a value; null (no input) when none has.</summary>
    public static string? To(IEnumerable<ObjectField> fields)
    {
        var set = fields.Where(f => !string.IsNullOrWhiteSpace(f.Expression)).Select(f => $"{Key(f.Name)}: {f.Expression.Trim()}").ToList();
        return set.Count == 0 ? null : $"({{ {string.Join(", ", set)} }})";
    }

    private static string Key(string name) =>
        name.Length > 0 && (char.IsLetter(name[0]) || name[0] is '_' or '$') && name.All(c => char.IsLetterOrDigit(c) || c is '_' or '$')
            ? name
            : $"'{name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}'";
}
