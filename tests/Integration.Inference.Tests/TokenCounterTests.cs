using Integration.Inference.Gateway;
using Microsoft.ML.Tokenizers;

namespace Integration.Inference.Tests;

public sealed class TokenCounterTests
{
    private static readonly Tokenizer Whole = TiktokenTokenizer.CreateForEncoding("cl100k_base");

    [Fact]
    public void Long_ordinary_text_counts_as_the_tokenizer_counts_it_whole()
    {
        var text = string.Concat(Enumerable.Range(0, 400).Select(i => $"Order {1000 + i} never arrived, and the tracking page at https://example.com/t/{i} says nothing. "));

        Assert.True(text.Length > 10 * TokenCounter.PieceChars);
        Assert.Equal(Whole.CountTokens(text), new TokenCounter().Count(text));
    }

    [Fact]
    public void Text_with_no_space_is_counted_in_pieces_and_surrogate_pairs_are_never_split()
    {
        var counter = new TokenCounter();
        // One letter first, so that every piece boundary falls between the two halves of a pair.
        var emoji = "x" + string.Concat(Enumerable.Repeat("\U0001F600", 3 * TokenCounter.PieceChars));

        Assert.InRange(counter.Count(new string('a', 200 * 1024)), 200 * 1024 / 100, 200 * 1024);
        // A split pair would be two replacement characters' tokens instead of the emoji's own.
        Assert.Equal(1 + Whole.CountTokens("\U0001F600") * 3 * TokenCounter.PieceChars, counter.Count(emoji));
        Assert.Equal(0, counter.Count(""));
    }
}
