using System.Text.RegularExpressions;

namespace Integration.Governance.Pii;

/// <summary>
/// Candidate patterns. Each is deliberately generous; the recognizers then reject look-alikes by checksum,
/// by range or by the words around them (order numbers, timestamps, versions, product codes).
/// </summary>
internal static partial class PiiPatterns
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    [GeneratedRegex(@"(?<![\w.+%-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}(?![\w-])", Options)]
    public static partial Regex Email();

    // 13-19 digits, optionally in groups split by single spaces or dashes. Never the tail of a longer
    // number run ("DE89 3704 ..."), which the "\d[ -]" look-behind rules out; the phone pattern does the same.
    [GeneratedRegex(@"(?<![\w-]|\d[ -])\d(?:[ -]?\d){12,18}(?![\w-])", Options)]
    public static partial Regex CreditCard();

    [GeneratedRegex(@"(?<![\w])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![\w])", Options)]
    public static partial Regex Iban();

    // Area 000, 666 and 900-999, group 00 and serial 0000 are never issued.
    [GeneratedRegex(@"(?<![\w-])(?!000|666|9\d\d)\d{3}[- ](?!00)\d{2}[- ](?!0000)\d{4}(?![\w-])", Options)]
    public static partial Regex UsSsn();

    [GeneratedRegex(@"(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?!\w|\.\d)", Options)]
    public static partial Regex IpV4();

    // An optional +country code, an optional (area code), then 2-4 groups of digits split by space, dot or dash.
    [GeneratedRegex(@"(?<![\w+/#.:-]|\d[ .-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,5}(?:[ .-]\d{2,8}){1,4}(?![\w/:-]|\.\d)", Options)]
    public static partial Regex Phone();

    [GeneratedRegex(@"(?<![\w+])\d{10,12}(?!\w)", Options)]
    public static partial Regex BareDigits();

    [GeneratedRegex(@"\b(?i:phone|call|tel|mobile|cell|ring|text me|reach me|whatsapp)\W{0,3}(?:\w+\W{1,3}){0,3}$", Options)]
    public static partial Regex PhoneContextBefore();

    [GeneratedRegex(@"\b(?i:order|invoice|ticket|case|sku|item|part|serial|tracking|ref|reference|account|no|nr|id|po|version|v|build|release)\W{0,3}$", Options)]
    public static partial Regex IdentifierContextBefore();

    [GeneratedRegex(@"^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})$", Options)]
    public static partial Regex DateShape();

    // "Hi Maria," "Dear Mr. Jonas Weber" "Mrs Keller" "My name is Ana Lima"
    [GeneratedRegex(@"(?<![\w])(?:(?i:hi|hello|hey|dear|good morning|good afternoon|thanks|thank you)[ ,]+(?:(?:Mr|Mrs|Ms|Dr|Prof)\.? )?|(?:Mr|Mrs|Ms|Dr|Prof)\.? |(?i:my name is|this is|i am|i'm) )(?<name>\p{Lu}[\p{Ll}'’-]+(?: \p{Lu}[\p{Ll}'’-]+){0,2})", Options)]
    public static partial Regex SalutationName();

    // A sign-off line, then the name on its own line: "Best regards,\nJonas Weber"
    [GeneratedRegex(@"(?im:^[ \t]*(?:best|kind|warm)? ?(?:regards|wishes|thanks|thank you|cheers|sincerely|best|yours(?: truly| sincerely)?)[,.!]?[ \t]*\r?\n[ \t]*(?-i:(?<name>\p{Lu}[\p{Ll}'’-]+(?: \p{Lu}[\p{Ll}'’-]+){0,2}))[ \t]*$)", Options)]
    public static partial Regex SignOffName();

    // "221 Baker Street, London NW1 6XE", "1600 Amphitheatre Parkway, Mountain View, CA 94043", "Hauptstraße 12, 10115 Berlin"
    [GeneratedRegex(@"(?<![\w])(?:\d{1,5}[A-Za-z]? (?:\p{Lu}[\p{Ll}]+ ){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Way|Court|Ct|Place|Pl|Terrace|Parkway|Pkwy|Square|Sq)\.?|\p{Lu}[\p{Ll}]+(?:straße|strasse|str\.|weg|gasse|platz|allee) \d{1,4}[a-z]?)(?:,? (?:Apt|Suite|Unit|Flat)\.? ?[\w-]+)?(?:, (?:\d{4,5} )?\p{Lu}[\p{Ll}]+(?: \p{Lu}[\p{Ll}]+)?(?:,? [A-Z]{2}(?!\w))?(?: (?:\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}))?)?", Options)]
    public static partial Regex PostalAddress();
}
