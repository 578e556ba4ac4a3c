namespace Integration.Sandbox.Salesforce;

/// <summary>Salesforce record ids: 15 base-62 characters (a key prefix per object), plus the 3-character case-safe suffix.</summary>
public static class SalesforceIds
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const string SuffixAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

    /// <summary>15 or 18 base-62 characters: what Salesforce takes as an id at all (MALFORMED_ID otherwise).</summary>
    public static bool IsWellFormed(string id) => id.Length is 15 or 18 && id.All(c => Base62.Contains(c, StringComparison.Ordinal));

    public static string Prefix(string sobject) => sobject switch
    {
        "Account" => "001",
        "Contact" => "003",
        "Case" => "500",
        _ => throw new ArgumentOutOfRangeException(nameof(sobject)),
    };

    public static string New(string sobject, long sequence)
    {
        var digits = new char[7];
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            digits[i] = Base62[(int)(sequence % 62)];
            sequence /= 62;
        }

        var fifteen = Prefix(sobject) + "Sb000" + new string(digits);
        return fifteen + Suffix(fifteen);
    }

    /// <summary>For each block of five characters, a bit per upper-case letter, as one character of the suffix.</summary>
    private static string Suffix(string fifteen)
    {
        var suffix = new char[3];
        for (var block = 0; block < 3; block++)
        {
            var flags = 0;
            for (var i = 0; i < 5; i++)
            {
                if (fifteen[block * 5 + i] is >= 'A' and <= 'Z')
                {
                    flags |= 1 << i;
                }
            }

            suffix[block] = SuffixAlphabet[flags];
        }

        return new string(suffix);
    }
}
