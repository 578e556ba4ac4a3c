using System.Text.RegularExpressions;
using Integration.Governance.Redaction;

namespace Integration.Governance.Pii;

public enum CustomValidation { None, Luhn, Iban }

/// <summary>
/// A kind of personal data a policy adds: a pattern (with an optional checksum) or a dictionary of terms.
/// Patterns come from admins, so they run on .NET's non-backtracking engine: linear time whatever they say.
/// </summary>
public sealed record CustomRecognizer(string Name, Regex Pattern, CustomValidation Validation, RedactionOperator? Operator)
{
    public static Regex CompilePattern(string pattern) =>
        new(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    public static Regex CompileDictionary(IEnumerable<string> terms) =>
        new($@"\b(?:{string.Join('|', terms.OrderByDescending(t => t.Length).Select(Regex.Escape))})\b",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.NonBacktracking);

    public IEnumerable<PiiMatch> Find(string text) =>
        Pattern.Matches(text)
            .Where(m => m.Length > 0 && Validation switch
            {
                CustomValidation.Luhn => Checksums.IsLuhnValid(m.ValueSpan),
                CustomValidation.Iban => Checksums.IsIbanValid(m.ValueSpan),
                _ => true,
            })
            .Select(m => new PiiMatch(PiiType.Custom, m.Index, m.Length, Name));
}
