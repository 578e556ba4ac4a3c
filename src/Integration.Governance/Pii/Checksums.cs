namespace Integration.Governance.Pii;

/// <summary>The check digits that separate a real card number or IBAN from a look-alike run of digits.</summary>
public static class Checksums
{
    /// <summary>Luhn (mod 10) over the digits of <paramref name="value"/>, ignoring spaces and dashes.</summary>
    public static bool IsLuhnValid(ReadOnlySpan<char> value)
    {
        var sum = 0;
        var digits = 0;
        for (var i = value.Length - 1; i >= 0; i--)
        {
            var c = value[i];
            if (c is ' ' or '-')
            {
                continue;
            }

            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            var d = c - '0';
            if (digits % 2 == 1)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            digits++;
        }

        return digits is >= 13 and <= 19 && sum % 10 == 0;
    }

    /// <summary>ISO 13616: move the first four characters to the end, letters to numbers, mod 97 must be 1.</summary>
    public static bool IsIbanValid(ReadOnlySpan<char> value)
    {
        Span<char> compact = stackalloc char[40];
        var length = 0;
        foreach (var c in value)
        {
            if (c == ' ')
            {
                continue;
            }

            if (length == compact.Length || !char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }

            compact[length++] = char.ToUpperInvariant(c);
        }

        if (length is < 15 or > 34 || !char.IsAsciiLetter(compact[0]) || !char.IsAsciiLetter(compact[1]) ||
            !char.IsAsciiDigit(compact[2]) || !char.IsAsciiDigit(compact[3]))
        {
            return false;
        }

        var remainder = 0;
        for (var i = 0; i < length; i++)
        {
            var c = compact[(i + 4) % length];
            remainder = char.IsAsciiDigit(c)
                ? (remainder * 10 + (c - '0')) % 97
                : (remainder * 100 + (c - 'A' + 10)) % 97;
        }

        return remainder == 1;
    }
}
