using System.Net;
using System.Text.RegularExpressions;

namespace Integration.Inference.Knowledge;

public enum DocumentFormat
{
    Markdown,
    Text,
    Html,
}

/// <summary>Plain text out of Markdown or HTML: paragraphs kept (blank lines), markup dropped.</summary>
public static partial class DocumentText
{
    public static string Plain(string content, DocumentFormat format) => format switch
    {
        DocumentFormat.Markdown => FromMarkdown(content),
        DocumentFormat.Html => FromHtml(content),
        _ => content.Replace("\r\n", "\n"),
    };

    /// <summary>The first heading, the document's natural title.</summary>
    public static string? Title(string content, DocumentFormat format)
    {
        var match = format == DocumentFormat.Html ? HtmlTitle().Match(content) : MarkdownHeading().Match(content);
        return match.Success ? WebUtility.HtmlDecode(match.Groups["title"].Value).Trim() : null;
    }

    private static string FromMarkdown(string markdown)
    {
        var text = HtmlComment().Replace(markdown.Replace("\r\n", "\n"), "");
        text = MarkdownLink().Replace(text, "${text}");
        text = MarkdownHeadingMarks().Replace(text, "");
        text = MarkdownEmphasis().Replace(text, "");
        return text.Replace("```", "");
    }

    private static string FromHtml(string html)
    {
        var text = HtmlComment().Replace(html, "");
        text = HtmlScriptOrStyle().Replace(text, "");
        text = HtmlBlockTag().Replace(text, "\n\n");
        text = HtmlTag().Replace(text, "");
        return WebUtility.HtmlDecode(text);
    }

    [GeneratedRegex(@"<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex HtmlComment();

    [GeneratedRegex(@"\[(?<text>[^\]]*)\]\([^)]*\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"^\s{0,3}#{1,6}\s+", RegexOptions.Multiline)]
    private static partial Regex MarkdownHeadingMarks();

    [GeneratedRegex(@"(\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|`)")]
    private static partial Regex MarkdownEmphasis();

    [GeneratedRegex(@"^\s{0,3}#{1,6}\s+(?<title>.+)$", RegexOptions.Multiline)]
    private static partial Regex MarkdownHeading();

    [GeneratedRegex(@"<(title|h1)[^>]*>(?<title>.*?)</\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex HtmlTitle();

    [GeneratedRegex(@"<(script|style)[^>]*>.*?</\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex HtmlScriptOrStyle();

    [GeneratedRegex(@"</?(p|div|br|h[1-6]|li|ul|ol|tr|table|section|article|title)\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlBlockTag();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex HtmlTag();
}
