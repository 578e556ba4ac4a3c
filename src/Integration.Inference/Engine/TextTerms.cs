using System.Text.RegularExpressions;

namespace Integration.Inference.Engine;

/// <summary>
/// Turns text into the terms the lexical models count: lower case words, stop words dropped, plural and
/// tense endings stripped, so that "charged" and "charges" meet at "charg".
/// </summary>
public static partial class TextTerms
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "for", "by", "with", "from", "as",
        "is", "are", "was", "were", "be", "been", "being", "it", "its", "this", "that", "these", "those", "i", "me",
        "my", "we", "our", "you", "your", "he", "she", "they", "them", "his", "her", "their", "do", "does", "did",
        "have", "has", "had", "can", "could", "will", "would", "should", "may", "might", "so", "not", "no", "yes",
        "there", "here", "what", "which", "who", "how", "when", "where", "why", "about", "into", "out", "up", "all",
        "any", "some", "please", "hello", "hi", "thanks", "thank", "dear", "regards", "best", "also", "than", "then",
        "am", "just", "still", "yet", "very", "too", "more", "most", "only", "own", "same", "other", "such", "each",
    };

    public static List<string> Of(string text)
    {
        var terms = new List<string>();
        // Redaction placeholders (<PERSON_1>) stand for values, not words: they carry no topic.
        if (text.Contains('<'))
        {
            text = Placeholder().Replace(text, " ");
        }

        foreach (var match in Word().EnumerateMatches(text))
        {
            var word = text.Substring(match.Index, match.Length).ToLowerInvariant();
            if (!StopWords.Contains(word))
            {
                terms.Add(Stem(word));
            }
        }

        return terms;
    }

    /// <summary>A light suffix stripper: enough to join inflections for retrieval, not a linguistic stemmer.</summary>
    internal static string Stem(string word)
    {
        if (word.Length <= 4 || char.IsDigit(word[0]))
        {
            return word;
        }

        foreach (var suffix in (ReadOnlySpan<string>)["ing", "ed", "es", "ly", "s"])
        {
            if (word.EndsWith(suffix, StringComparison.Ordinal) && word.Length - suffix.Length >= 3)
            {
                return word[..^suffix.Length];
            }
        }

        return word;
    }

    [GeneratedRegex(@"<[A-Z_]+_\d+>", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['\-][\p{L}\p{N}]+)*", RegexOptions.CultureInvariant)]
    private static partial Regex Word();
}
