using Microsoft.ML.Tokenizers;

namespace Integration.Inference.Gateway;

/// <summary>
/// Counts tokens with the cl100k_base BPE vocabulary (Microsoft.ML.Tokenizers, vocabulary shipped in a
/// package, nothing downloaded). Upstream models tokenise differently; their own counts win when they report them.
/// </summary>
public sealed class TokenCounter
{
    /// <summary>
    /// BPE merges within one pre-token take time quadratic in its length: 200 kB with no space took 19 s on one core.
    /// Text is counted in pieces of at most this many characters, cut before a space where there is one, which changes
    /// nothing for ordinary text (cl100k's pre-tokenizer splits there too) and bounds the work on text that has none.
    /// </summary>
    public const int PieceChars = 1024;

    private readonly Tokenizer _tokenizer = TiktokenTokenizer.CreateForEncoding("cl100k_base");

    public int Count(string text)
    {
        var total = 0;
        for (var start = 0; start < text.Length;)
        {
            var end = Math.Min(start + PieceChars, text.Length);
            if (end < text.Length)
            {
                var space = text.LastIndexOf(' ', end - 1, end - start);
                end = space > start ? space : char.IsHighSurrogate(text[end - 1]) ? end - 1 : end;
            }

            total += _tokenizer.CountTokens(text.AsSpan(start, end - start));
            start = end;
        }

        return total;
    }
}
