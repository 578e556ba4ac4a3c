using System.Text.RegularExpressions;

namespace Integration.Inference.Engine;

public static partial class Sentences
{
    /// <summary>Splits on sentence-ending punctuation and line breaks; keeps each sentence's own punctuation.</summary>
    public static List<string> Of(string text) =>
        Boundary().Split(text).Select(s => s.Trim()).Where(s => s.Length > 0).ToList();

    [GeneratedRegex(@"(?<=[.!?])\s+|\n\s*\n|\r?\n(?=\s*[-*#])", RegexOptions.CultureInvariant)]
    private static partial Regex Boundary();
}
