using System.Globalization;
using System.Text.RegularExpressions;
using Integration.Governance.Pii;

namespace Integration.Governance.Guards;

/// <summary>
/// Checks a model's answer against what it was given. Values are compared with the sources after
/// folding case and spacing, so "ORD 4411" in a source supports "ord 4411" in the answer.
/// </summary>
public static partial class OutputChecks
{
    /// <summary>Personal data in the answer that none of the sources contains: leaked or made up.</summary>
    public static IEnumerable<OutputFinding> PiiLeaks(
        string answer, IReadOnlyList<string> sources, PiiDetector detector, IReadOnlyList<CustomRecognizer>? recognizers) =>
        detector.Detect(answer, recognizers)
            .Where(m => !InSources(m.ValueIn(answer), sources))
            .Select(m => new OutputFinding("pii-leak", Severity.High, m.Start, m.Length, $"{m.Label ?? m.Type.ToString()} that appears in none of the sources."));

    /// <summary>"policy number PX-99812" where no source has PX-99812: the hallucinated-identifier failure.</summary>
    public static IEnumerable<OutputFinding> UnsupportedIdentifiers(string answer, IReadOnlyList<string> sources) =>
        Identifier().Matches(answer)
            .Select(m => m.Groups["id"])
            .Where(id => !InSources(id.Value, sources))
            .Select(id => new OutputFinding("unsupported-identifier", Severity.High, id.Index, id.Length,
                $"The identifier '{id.Value}' appears in none of the sources."));

    public static IEnumerable<OutputFinding> BannedPhrases(string answer, OutputPolicy policy) =>
        policy.BannedPhrases.SelectMany(phrase =>
        {
            var found = new List<OutputFinding>();
            for (var at = answer.IndexOf(phrase, StringComparison.OrdinalIgnoreCase); at >= 0; at = answer.IndexOf(phrase, at + phrase.Length, StringComparison.OrdinalIgnoreCase))
            {
                found.Add(new OutputFinding("banned-phrase", Severity.High, at, phrase.Length, $"'{phrase}' is banned by the policy."));
            }

            return found;
        });

    /// <summary>A promise to refund more than the policy allows ("we will refund you $250").</summary>
    public static IEnumerable<OutputFinding> ForbiddenCommitments(string answer, OutputPolicy policy) =>
        policy.MaxRefund is not decimal limit
            ? []
            : RefundPromise().Matches(answer)
                .Where(m => decimal.TryParse(m.Groups["amount"].Value.Replace(",", ""), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) && amount > limit)
                .Select(m => new OutputFinding("forbidden-commitment", Severity.High, m.Index, m.Length,
                    $"A refund of {m.Groups["amount"].Value} is promised; the policy allows at most {limit.ToString(CultureInfo.InvariantCulture)}."));

    public static IEnumerable<OutputFinding> Length(string answer, int? maxLength) =>
        maxLength is int max && answer.Length > max
            ? [new OutputFinding("too-long", Severity.Medium, max, answer.Length - max, $"The answer has {answer.Length} characters; the limit is {max}.")]
            : [];

    private static bool InSources(string value, IReadOnlyList<string> sources)
    {
        var folded = Fold(value);
        return sources.Any(source => Fold(source).Contains(folded, StringComparison.Ordinal));
    }

    private static string Fold(string text) => WhiteSpace().Replace(text.ToLowerInvariant(), "");

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    [GeneratedRegex(@"\b(?i:order|ticket|case|policy|invoice|claim|contract|account|reference)\b(?:\s+(?i:number|no\.?|nr\.?|id))?\s*[:#]?\s*(?<id>[A-Za-z]{0,5}-?\d[A-Za-z0-9-]{2,})", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();

    [GeneratedRegex(@"\b(?i:we will|we'll|i will|i'll|we are going to|we guarantee|we promise)\b[^.!?\n]{0,60}?\b(?i:refund|reimburse|credit|compensate)\w*\b[^.!?\n]{0,30}?(?:[$€£]\s?|\b(?:USD|EUR|GBP)\s?)(?<amount>\d[\d,]*(?:\.\d{1,2})?)", RegexOptions.CultureInvariant)]
    private static partial Regex RefundPromise();
}
