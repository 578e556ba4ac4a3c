using System.Globalization;
using System.Text.RegularExpressions;

namespace Integration.Inference.Engine;

public sealed record ExtractedAmount(decimal Value, string Currency, string Text);

/// <summary>Everything the extractor recognised in one text, in order of appearance.</summary>
public sealed record Extraction(
    IReadOnlyList<string> Emails,
    IReadOnlyList<string> Phones,
    IReadOnlyList<string> OrderNumbers,
    IReadOnlyList<ExtractedAmount> Amounts,
    IReadOnlyList<string> Dates,
    IReadOnlyList<string> Products);

/// <summary>Pattern and catalog based recognisers for the fields support workflows ask for.</summary>
public sealed partial class Extractor(IReadOnlyList<string> productCatalog)
{
    private static readonly string[] Months =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    public Extraction Extract(string text) => new(
        Distinct(Email().Matches(text).Select(m => m.Value)),
        Distinct(Phone().Matches(text).Select(m => m.Value.Trim())),
        Distinct(OrderNumber().Matches(text).Select(m => m.Value.TrimStart('#').ToUpperInvariant())),
        Amount().Matches(text).Select(ToAmount).ToList(),
        Distinct(IsoDate().Matches(text).Select(m => m.Value).Concat(LongDate().Matches(text).Select(ToIsoDate))),
        productCatalog.Where(p => text.Contains(p, StringComparison.OrdinalIgnoreCase)).ToList());

    private static List<string> Distinct(IEnumerable<string> values) => values.Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    private static ExtractedAmount ToAmount(Match match)
    {
        var currency = match.Groups["pre"].Success ? match.Groups["pre"].Value : match.Groups["post"].Value;
        var value = decimal.Parse(match.Groups["value"].Value.Replace(',', '.'), CultureInfo.InvariantCulture);
        return new ExtractedAmount(value, currency switch { "€" => "EUR", "$" => "USD", "£" => "GBP", _ => currency.ToUpperInvariant() }, match.Value);
    }

    private static string ToIsoDate(Match match)
    {
        var month = Array.IndexOf(Months, match.Groups["month"].Value.ToLowerInvariant()) + 1;
        return $"{match.Groups["year"].Value}-{month:00}-{int.Parse(match.Groups["day"].Value, CultureInfo.InvariantCulture):00}";
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex(@"(?<![\w\-])\+\d{1,3}(?:[ \-]?\d{2,4}){2,4}(?![\w\-])", RegexOptions.CultureInvariant)]
    private static partial Regex Phone();

    /// <summary>
    /// Order references: ORD-123456 / ORDER123456, a customer's purchase order (PO-4711, PO-001-0, the form the Sandbox's SAP
    /// orders carry), #1234567, and an SAP sales order number of 7 to 10 digits after the word order ("order 4000012",
    /// "sales order no. 4000012", "SO 4000012").
    /// </summary>
    [GeneratedRegex(@"\b(?:ORD|ORDER|PO)-?\d{3,}(?:-\d{1,3})?\b|#\d{5,}\b|(?<=\b(?:sales\s+order|order|SO)\s*(?:no\.?|nr\.?|number)?\s*[:#]?\s*)\d{7,10}\b",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex OrderNumber();

    [GeneratedRegex(@"(?:(?<pre>EUR|USD|GBP|CHF|€|\$|£)\s?(?<value>\d+(?:[.,]\d{1,2})?))|(?:(?<value>\d+(?:[.,]\d{1,2})?)\s?(?<post>EUR|USD|GBP|CHF|€))", RegexOptions.CultureInvariant)]
    private static partial Regex Amount();

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}\b", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"\b(?<day>\d{1,2})\s(?<month>January|February|March|April|May|June|July|August|September|October|November|December)\s(?<year>\d{4})\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex LongDate();
}
