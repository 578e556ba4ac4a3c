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

    private readonly TiktokenTokenizer _tokenizer = TiktokenTokenizer.CreateForEncoding("cl100k_base");
    private readonly Lazy<HashSet<int>> _ids;

    // The tokenizer keeps its vocabulary to itself, and decodes an id it does not know as nothing: an id is known when it
    // decodes to something (cl100k's ids, special tokens included, lie below 100,300).
    public TokenCounter() => _ids = new(() => [.. Enumerable.Range(0, 100_300).Where(id => _tokenizer.Decode([id]).Length > 0)]);

    public int Count(string text) => Pieces(text).Sum(piece => _tokenizer.CountTokens(text.AsSpan(piece.Start, piece.Length)));

    /// <summary>The token ids of a text (Ollama's <c>context</c>), in the same pieces as <see cref="Count"/>.</summary>
    public IReadOnlyList<int> Encode(string text) => [.. Pieces(text).SelectMany(piece => _tokenizer.EncodeToIds(text.AsSpan(piece.Start, piece.Length)))];

    /// <summary>The text of token ids this counter produced; null when an id is not in the vocabulary.</summary>
    public string? Decode(IReadOnlyCollection<int> ids) => ids.All(_ids.Value.Contains) ? _tokenizer.Decode(ids) : null;

    private static IEnumerable<(int Start, int Length)> Pieces(string text)
    {
        for (var start = 0; start < text.Length;)
        {
            var end = Math.Min(start + PieceChars, text.Length);
            if (end < text.Length)
            {
                var space = text.LastIndexOf(' ', end - 1, end - start);
                end = space > start ? space : char.IsHighSurrogate(text[end - 1]) ? end - 1 : end;
            }

            yield return (start, end - start);
            start = end;
        }
    }
}
