using Microsoft.ML.Tokenizers;

namespace Integration.Inference.Gateway;

/// <summary>
/// Counts tokens with the cl100k_base BPE vocabulary (Microsoft.ML.Tokenizers, vocabulary shipped in a
/// package, nothing downloaded). Upstream models tokenise differently; their own counts win when they report them.
/// </summary>
public sealed class TokenCounter
{
    private readonly Tokenizer _tokenizer = TiktokenTokenizer.CreateForEncoding("cl100k_base");

    public int Count(string text) => text.Length == 0 ? 0 : _tokenizer.CountTokens(text);
}
