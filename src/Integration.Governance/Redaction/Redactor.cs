using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Integration.Governance.Pii;

namespace Integration.Governance.Redaction;

/// <summary>The redacted text, what was done, and the placeholder mapping that only the caller may see.</summary>
public sealed record RedactionResult(string Text, IReadOnlyList<RedactedEntity> Entities, IReadOnlyDictionary<string, string> Placeholders);

public static partial class Redactor
{
    public static RedactionResult Redact(
        string text, IReadOnlyList<PiiMatch> matches, Func<PiiMatch, RedactionOperator> operatorFor, string hashSalt)
    {
        var output = new StringBuilder(text.Length);
        var entities = new List<RedactedEntity>(matches.Count);
        var placeholders = new Dictionary<string, string>(StringComparer.Ordinal);
        var placeholderOf = new Dictionary<(string, string), string>();
        var counters = new Dictionary<string, int>();
        var position = 0;

        foreach (var match in matches.OrderBy(m => m.Start))
        {
            var value = match.ValueIn(text);
            var op = operatorFor(match);
            var replacement = op switch
            {
                RedactionOperator.Replace => PlaceholderFor(match.Stem, value),
                RedactionOperator.Mask => Mask(value),
                RedactionOperator.Hash => $"<{match.Stem}:{Hash(value, hashSalt)}>",
                RedactionOperator.Drop => "",
                _ => throw new ArgumentOutOfRangeException(nameof(operatorFor)),
            };

            output.Append(text, position, match.Start - position).Append(replacement);
            position = match.End;
            entities.Add(new RedactedEntity(match.Type, match.Start, match.Length, op, replacement, match.Label));
        }

        output.Append(text, position, text.Length - position);
        return new RedactionResult(output.ToString(), entities, placeholders);

        // The same value gets the same placeholder, so that a model still sees that two mentions are one person.
        string PlaceholderFor(string stem, string value)
        {
            var key = (stem, Normalize(value));
            if (!placeholderOf.TryGetValue(key, out var placeholder))
            {
                counters[stem] = counters.GetValueOrDefault(stem) + 1;
                placeholder = $"<{stem}_{counters[stem]}>";
                placeholderOf[key] = placeholder;
                placeholders[placeholder] = value;
            }

            return placeholder;
        }
    }

    /// <summary>Puts the original values back where the placeholders stand (toward a SaaS, never toward a model).</summary>
    /// <remarks>One pass over the placeholder tokens: a restored value is never searched again.</remarks>
    public static string Restore(string text, IReadOnlyDictionary<string, string> placeholders) =>
        PlaceholderToken().Replace(text, m => placeholders.TryGetValue(m.Value, out var value) ? value : m.Value);

    [GeneratedRegex(@"<[A-Z_]+_\d+>", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderToken();

    private static string Normalize(string value) => value.Trim().ToLowerInvariant();

    private static string Mask(string value) =>
        value.Length > 8 ? new string('*', value.Length - 4) + value[^4..] : new string('*', value.Length);

    private static string Hash(string value, string salt) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(salt + "\u0000" + Normalize(value))))[..8];
}
