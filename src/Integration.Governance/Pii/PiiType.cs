namespace Integration.Governance.Pii;

/// <summary>Where a piece of personal data sits in a text. Holds no copy of the data itself.</summary>
public readonly record struct PiiMatch(PiiType Type, int Start, int Length, string? Label = null)
{
    public int End => Start + Length;

    /// <summary>The placeholder stem: <c>EMAIL</c>, or a custom recognizer's name (<c>CUSTOMER_NUMBER</c>).</summary>
    public string Stem => Label is null ? Type.PlaceholderStem() : Label.ToUpperInvariant().Replace('-', '_');

    public string ValueIn(string text) => text.Substring(Start, Length);
}

public static class PiiTypeNames
{
    /// <summary>The placeholder stem: <c>&lt;EMAIL_1&gt;</c>, <c>&lt;CREDIT_CARD_2&gt;</c>.</summary>
    public static string PlaceholderStem(this PiiType type) => type switch
    {
        PiiType.Email => "EMAIL",
        PiiType.Phone => "PHONE",
        PiiType.CreditCard => "CREDIT_CARD",
        PiiType.Iban => "IBAN",
        PiiType.UsSsn => "US_SSN",
        PiiType.IpAddress => "IP_ADDRESS",
        PiiType.PersonName => "PERSON",
        PiiType.PostalAddress => "ADDRESS",
        PiiType.Custom => "CUSTOM",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}
