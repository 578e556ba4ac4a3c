using Integration.Inference.Engine;

namespace Integration.Inference.Knowledge;

/// <summary>
/// Splits plain text into passages of at most <c>maxCharacters</c>: paragraphs are packed together while
/// they fit, and a paragraph too long on its own is split between sentences, so no passage cuts a sentence.
/// </summary>
public static class Chunker
{
    public static List<string> Split(string text, int maxCharacters = 800)
    {
        var chunks = new List<string>();
        var current = "";
        foreach (var paragraph in text.Split("\n\n").Select(p => p.Trim()).Where(p => p.Length > 0))
        {
            foreach (var piece in paragraph.Length <= maxCharacters ? [paragraph] : Sentences.Of(paragraph))
            {
                if (current.Length > 0 && current.Length + piece.Length + 2 > maxCharacters)
                {
                    chunks.Add(current);
                    current = "";
                }

                current = current.Length == 0 ? piece : current + "\n\n" + piece;
            }
        }

        if (current.Length > 0)
        {
            chunks.Add(current);
        }

        return chunks;
    }
}
