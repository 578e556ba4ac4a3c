using System.Text.RegularExpressions;

namespace Integration.Workflows.Runtime;

/// <summary>A knowledge-base source a generated text lists: its number in the text, title and reference.</summary>
public sealed record Citation(int Number, string Title, string Reference);

/// <summary>
/// The sources a generated text lists after a "Sources:" line, one per line as <c>[1] Title (kb://collection/doc#chunk)</c>:
/// how the embedded drafters cite, and how a prompt may ask an LLM to. A text that lists none has none.
/// </summary>
public static partial class Citations
{
    public static IReadOnlyList<Citation> Of(string text)
    {
        var sources = text.LastIndexOf("\nSources:", StringComparison.Ordinal);
        return sources < 0
            ? []
            : [.. Source().Matches(text[sources..]).Select(m => new Citation(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), m.Groups[2].Value.Trim(), m.Groups[3].Value))];
    }

    [GeneratedRegex(@"^\[(\d+)\] (.+) \((kb://[^)\s]+)\)\s*$", RegexOptions.Multiline, 1000)]
    private static partial Regex Source();
}
