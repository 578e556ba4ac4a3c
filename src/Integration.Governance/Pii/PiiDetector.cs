using System.Text.RegularExpressions;

namespace Integration.Governance.Pii;

/// <summary>
/// Finds personal data in text. Overlapping findings are resolved in favour of the more specific kind
/// (a card number is not also a phone number) and then the longer span.
/// </summary>
public sealed class PiiDetector
{
    private static readonly string[] NotNames =
    [
        "Team", "There", "All", "Everyone", "Support", "Customer", "Sir", "Madam", "Folks", "Guys", "Again", "Anyway",
        "Zendesk", "Salesforce", "Sap", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    ];

    // Earlier in the list wins an overlap; a policy's own recognizers come first.
    private static readonly PiiType[] Specificity =
        [PiiType.Custom, PiiType.Email, PiiType.Iban, PiiType.CreditCard, PiiType.UsSsn, PiiType.IpAddress, PiiType.PostalAddress, PiiType.Phone, PiiType.PersonName];

    /// <param name="custom">Recognizers the policy in force adds; they win an overlap with the built-in kinds.</param>
    public IReadOnlyList<PiiMatch> Detect(string text, IReadOnlyList<CustomRecognizer>? custom = null)
    {
        var found = new List<PiiMatch>();
        foreach (var recognizer in custom ?? [])
        {
            found.AddRange(recognizer.Find(text));
        }

        Add(found, PiiType.Email, PiiPatterns.Email(), text);
        Add(found, PiiType.CreditCard, PiiPatterns.CreditCard(), text, m => Checksums.IsLuhnValid(m.ValueSpan) && !LooksLikeIdentifier(text, m.Index));
        Add(found, PiiType.Iban, PiiPatterns.Iban(), text, m => Checksums.IsIbanValid(m.ValueSpan));
        Add(found, PiiType.UsSsn, PiiPatterns.UsSsn(), text, m => !LooksLikeIdentifier(text, m.Index));
        Add(found, PiiType.IpAddress, PiiPatterns.IpV4(), text, m => !LooksLikeIdentifier(text, m.Index));
        Add(found, PiiType.Phone, PiiPatterns.Phone(), text, m => IsPhone(text, m));
        Add(found, PiiType.Phone, PiiPatterns.BareDigits(), text, m => HasPhoneContext(text, m.Index));
        AddNames(found, PiiPatterns.SalutationName(), text);
        AddNames(found, PiiPatterns.SignOffName(), text);
        Add(found, PiiType.PostalAddress, PiiPatterns.PostalAddress(), text);
        return ResolveOverlaps(found);
    }

    private static void Add(List<PiiMatch> found, PiiType type, Regex pattern, string text, Func<Match, bool>? accept = null)
    {
        for (var match = pattern.Match(text); match.Success; match = match.NextMatch())
        {
            if (accept is null || accept(match))
            {
                found.Add(new PiiMatch(type, match.Index, match.Length));
            }
        }
    }

    private static void AddNames(List<PiiMatch> found, Regex pattern, string text)
    {
        for (var match = pattern.Match(text); match.Success; match = match.NextMatch())
        {
            var name = match.Groups["name"];
            var words = name.Value.Split(' ');
            // "Hi Team", "Dear Customer": a greeting, not a person. Trailing non-name words are cut off.
            var kept = words.TakeWhile(w => !NotNames.Contains(w, StringComparer.OrdinalIgnoreCase)).ToArray();
            if (kept.Length > 0)
            {
                found.Add(new PiiMatch(PiiType.PersonName, name.Index, string.Join(' ', kept).Length));
            }
        }
    }

    private static bool IsPhone(string text, Match match)
    {
        var value = match.ValueSpan;
        var digits = 0;
        foreach (var c in value)
        {
            digits += char.IsAsciiDigit(c) ? 1 : 0;
        }

        if (digits is < 7 or > 15 || PiiPatterns.DateShape().IsMatch(value) || LooksLikeIdentifier(text, match.Index))
        {
            return false;
        }

        // With a country code or an area code in brackets it reads as a phone number; otherwise it needs
        // the usual length (10+ digits) or a word like "call" or "phone" before it.
        return value[0] == '+' || value.Contains('(') || digits >= 10 || HasPhoneContext(text, match.Index);
    }

    private static bool HasPhoneContext(string text, int index) =>
        PiiPatterns.PhoneContextBefore().IsMatch(text.AsSpan(Math.Max(0, index - 40), Math.Min(40, index)));

    /// <summary>"Order #4111 1111 1111 1111", "version 10.0.12.1": a label in front makes it an identifier.</summary>
    private static bool LooksLikeIdentifier(string text, int index)
    {
        var start = Math.Max(0, index - 16);
        var before = text.AsSpan(start, index - start);
        return before.EndsWith("#") || PiiPatterns.IdentifierContextBefore().IsMatch(before);
    }

    private static List<PiiMatch> ResolveOverlaps(List<PiiMatch> found)
    {
        var ordered = found
            .OrderBy(m => Array.IndexOf(Specificity, m.Type))
            .ThenByDescending(m => m.Length)
            .ThenBy(m => m.Start);
        var kept = new List<PiiMatch>();
        foreach (var candidate in ordered)
        {
            if (!kept.Any(k => candidate.Start < k.End && k.Start < candidate.End))
            {
                kept.Add(candidate);
            }
        }

        kept.Sort((a, b) => a.Start.CompareTo(b.Start));
        return kept;
    }
}
